// The AVX-512 thin-product kernels against a float64 triple loop: every kernel and edge path (rows and columns left
// over from the 4×64 and 4×4 blocks, k tails, k longer than one chunk), both threads, and the routing through Gemm.
// On a CPU without AVX-512 the same code runs on .NET's software vectors, so the kernels are checked there too.
using Mnist.Scripting.Backends;
using Mnist.Scripting.Backends.Cpu;

namespace Mnist.Scripting.Tests.Core;

[NonParallelizable]
public class Sgemm512Tests
{
    static (float[] A, float[] B) Operands(int m, int n, int k, int seed)
    {
        var rng = new Random(seed);
        var a = new float[m * k];
        var b = new float[k * n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() - 0.5);
        for (int i = 0; i < b.Length; i++) b[i] = (float)(rng.NextDouble() - 0.5);
        return (a, b);
    }

    static double[] Naive(bool ta, bool tb, int m, int n, int k, float[] a, float[] b)
    {
        var r = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                for (int p = 0; p < k; p++)
                    r[i * n + j] += (double)a[ta ? p * m + i : i * k + p] * b[tb ? j * k + p : p * n + j];
        return r;
    }

    static void AssertClose(float[] c, int cOff, double[] expected, int k, string what)
    {
        // float32 products of terms in (-0.5, 0.5): the error grows about with sqrt(k).
        double tol = 1e-6 * Math.Sqrt(k) + 1e-6;
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(c[cOff + i] - expected[i]) <= tol))
                Assert.Fail($"{what}: element {i} is {c[cOff + i]}, expected {expected[i]} (tolerance {tol:E1})");
    }

    // Broadcast form (B not transposed; A either way): 6- and 4-row blocks and single rows left over (8 rows as 4 + 4),
    // panels narrower than 64 columns with 16-column vectors and single columns left over, k = 1.
    [TestCase(false, 4, 64, 9)]
    [TestCase(true, 8, 128, 5)]
    [TestCase(false, 7, 200, 33)]
    [TestCase(true, 7, 200, 33)]
    [TestCase(true, 2, 81, 1)]
    [TestCase(false, 13, 64, 784)]
    [TestCase(true, 30, 784, 256)]
    [TestCase(false, 16, 4100, 72)]   // above a million multiply-adds: split over threads
    [TestCase(true, 72, 4100, 16)]
    [TestCase(false, 5, 64, 0)]       // k = 0: a product of zeros, nothing read
    public void BroadcastFormMatchesTripleLoop(bool transA, int m, int n, int k) => Check(transA, false, m, n, k);

    // Dot form (A as is, B transposed): the 4×6 and 4×4 blocks, rows and columns left over, k tails, k across chunks of 1024.
    [TestCase(4, 4, 16)]
    [TestCase(5, 10, 80)]
    [TestCase(9, 7, 71)]
    [TestCase(2, 3, 1030)]
    [TestCase(256, 30, 784)]
    [TestCase(16, 72, 4100)]   // above a million multiply-adds: split over threads; four chunks
    [TestCase(8, 9, 50176 / 8)]
    [TestCase(6, 10, 2100)]    // later chunks add through the 4×6, 4×4 and 4×1 blocks
    [TestCase(5, 8, 1100)]     // ... and through a leftover row
    [TestCase(18, 72, 1030)]   // split over threads with rows left over
    [TestCase(134, 14, 100)]   // rows in groups of 64: two full groups and a short one, two rows left over
    [TestCase(130, 11, 1100)]  // ... with later chunks adding through every group
    [TestCase(12, 20, 50)]     // 6q + 2 columns: two 4-wide blocks at the end
    [TestCase(48, 64, 100)]    // B wide enough to be transposed into the broadcast form: 16×16 blocks and 4 columns of k left
    [TestCase(130, 128, 784)]  // ... the MLP's first layer, split over threads, rows left over from the 6-row blocks
    [TestCase(47, 64, 100)]    // one row short of the transposition: the dot form
    public void DotFormMatchesTripleLoop(int m, int n, int k) => Check(false, true, m, n, k);

    static void Check(bool ta, bool tb, int m, int n, int k)
    {
        var (a, b) = Operands(m, n, k, m * 1000 + n + k);
        var expected = Naive(ta, tb, m, n, k, a, b);
        float[]? first = null;
        foreach (int threads in new[] { 1, 2 })
        {
            // Offsets, and an output full of NaNs: the kernels must write C, not add to what it held.
            var aa = new float[a.Length + 3]; Array.Copy(a, 0, aa, 3, a.Length);
            var bb = new float[b.Length + 2]; Array.Copy(b, 0, bb, 2, b.Length);
            var c = new float[m * n + 5];
            Array.Fill(c, float.NaN);
            Sgemm512.Run(ta, tb, m, n, k, aa, 3, bb, 2, c, 5, threads);
            AssertClose(c, 5, expected, k, $"{(ta ? "Aᵀ" : "A")}·{(tb ? "Bᵀ" : "B")} {m}x{n}x{k}, {threads} thread(s)");
            Assert.That(c.Take(5), Is.All.NaN, "wrote before the output's offset");
            // The same sums in the same order whatever the thread count.
            if (first is null) first = c;
            else Assert.That(c.Skip(5), Is.EqualTo(first.Skip(5)).AsCollection, "2 threads gave different bits than 1");
        }
    }

    [Test]
    public void BothTransposedIsRefusedAndShortOperandsThrow()
    {
        var x = new float[64 * 64];
        Assert.That(Sgemm512.Takes(true, true, 64, 64, 64), Is.False);
        Assert.Throws<InvalidOperationException>(() => Sgemm512.Run(true, true, 64, 64, 64, x, 0, x, 0, new float[64 * 64], 0, 1));
        var e = Assert.Throws<InvalidOperationException>(() => Sgemm512.Run(false, false, 64, 64, 64, x, 1, x, 0, new float[64 * 64], 0, 1));
        Assert.That(e!.Message, Does.Contain("cannot hold"));
    }

    [Test]
    public void TakesTheChaptersThinProductsAndLeavesTheBigMatmulToBlas()
    {
        Assert.That(Sgemm512.Takes(false, false, 16, 12544, 72), Is.True, "conv2's forward");
        Assert.That(Sgemm512.Takes(false, true, 16, 72, 12544), Is.True, "conv2's weight gradient");
        Assert.That(Sgemm512.Takes(true, false, 72, 12544, 16), Is.True, "conv2's column gradient");
        Assert.That(Sgemm512.Takes(false, true, 256, 30, 784), Is.True, "simple_net's first layer");
        Assert.That(Sgemm512.Takes(true, false, 30, 784, 256), Is.True, "its weight gradient");
        Assert.That(Sgemm512.Takes(false, false, 12396, 784, 784), Is.False, "the pixel-similarity matmul");
        Assert.That(Sgemm512.Takes(false, true, 256, 1, 784), Is.False, "a vector goes to gemv");
    }

    [Test]
    public void MatMulGivesTheSameProductWithAndWithoutTheKernels()
    {
        if (!Sgemm512.Accelerated) Assert.Ignore("no AVX-512 on this CPU: Gemm never routes here (the kernels are checked above)");
        var before = Gemm.ThinKernels;
        try
        {
            Tensor.ManualSeed(3);
            var x = Tensor.Randn(256, 784);
            var w = Tensor.Randn(30, 784);
            Gemm.ThinKernels = false;
            var blas = x.MatMul(w.T).ToArray<float>();
            Gemm.ThinKernels = true;
            var ours = x.MatMul(w.T).ToArray<float>();
            Assert.That(ours, Is.EqualTo(blas).Within(1e-3));
            Assert.That(ours, Is.Not.EqualTo(blas).AsCollection, "both runs took the same path (the switch did nothing)");
            Assert.That(Backend.Describe(), Does.Contain("AVX-512"));
        }
        finally { Gemm.ThinKernels = before; }
    }
}
