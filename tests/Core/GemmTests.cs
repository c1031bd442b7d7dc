// Both GEMM providers against a plain triple loop, for row-major, transposed and batched operands.
using Mnist.Scripting.Backends;


namespace Mnist.Scripting.Tests.Core;

[NonParallelizable]
public class GemmTests
{
    static double[] Naive(Tensor a, Tensor b)
    {
        var x = a.Double().ToArray<double>();
        var y = b.Double().ToArray<double>();
        int m = a.Size(0), k = a.Size(1), n = b.Size(1);
        var r = new double[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) for (int p = 0; p < k; p++) r[i * n + j] += x[i * k + p] * y[p * n + j];
        return r;
    }

    static IEnumerable<GemmProvider> Providers()
    {
        yield return GemmProvider.Managed;
        if (Backend.OpenBlasAvailable) yield return GemmProvider.OpenBlas;
    }

    [TestCase(false)]
    [TestCase(true)]
    public void TheDefaultProviderIsOpenBlasExactlyWhenItLoaded(bool managedByEnvironment)
    {
        // Read in a child process: this one's tests switch the provider.
        var script = Path.Combine(Directory.CreateTempSubdirectory("gemm-default-").FullName, "default.csx");
        File.WriteAllText(script, "using Mnist.Scripting.Backends;\nConsole.WriteLine($\"{Backend.CpuGemm} {Backend.OpenBlasAvailable}\");\n");
        var (code, output, _) = ChildProcess.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "mnist-scripting.dll"), "run", script],
            TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["NO_COLOR"] = "1", ["MNIST_SCRIPTING_BLAS"] = managedByEnvironment ? "managed" : "" });
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain(Backend.OpenBlasAvailable && !managedByEnvironment ? "OpenBlas True" : "Managed False"));
    }

    [Test]
    public void AMatrixTimesAVectorIgnoresWhatTheOutputMemoryHeld()
    {
        // Outputs are uninitialized: here the product's [5000, 1] output is handed an array full of NaNs from the pool;
        // gemv with beta = 0 must not carry them into the result.
        var a = Tensor.Randn(5000, 784);
        var x = Tensor.Randn(784, 1);
        var expected = Naive(a, x);
        foreach (var product in new Func<Tensor>[] { () => a.MatMul(x), () => x.T.MatMul(a.T) })
        {
            Mnist.Scripting.Backends.Cpu.ScratchPool.Clear();
            Tensor.Full([5000, 1], double.NaN).Recycle();
            Assert.That(Mnist.Scripting.Backends.Cpu.ScratchPool.HeldBytes, Is.EqualTo(5000 * sizeof(float)));
            var r = product();
            Assert.That(Mnist.Scripting.Backends.Cpu.ScratchPool.HeldBytes, Is.Zero, "the product took the NaN array");
            Assert.That(r.ToArray<double>(), Is.EqualTo(expected).Within(1e-3));
        }
    }

    [TestCaseSource(nameof(Providers))]
    public void ProviderMatchesTripleLoop(GemmProvider provider)
    {
        var before = Backend.CpuGemm;
        var thin = Mnist.Scripting.Backends.Cpu.Gemm.ThinKernels;
        Backend.CpuGemm = provider;
        Mnist.Scripting.Backends.Cpu.Gemm.ThinKernels = false;   // the provider itself (Sgemm512Tests check the thin kernels)
        try
        {
            Tensor.ManualSeed(7);
            // n = 1 or m = 1 (with k > 1) go to gemv on OpenBLAS, in every transposed combination below.
            foreach (var (m, k, n) in new[] { (1, 1, 1), (3, 5, 2), (31, 17, 33), (64, 784, 30), (257, 3, 1), (256, 784, 1), (1, 784, 30), (1, 9, 1) })
            {
                var a = Tensor.Randn(m, k);
                var b = Tensor.Randn(k, n);
                var expected = Naive(a, b);
                Assert.That(a.MatMul(b).ToArray<double>(), Is.EqualTo(expected).Within(1e-3), $"{provider} {m}x{k}x{n}");
                Assert.That(a.T.Contiguous().T.MatMul(b.T.Contiguous().T).ToArray<double>(), Is.EqualTo(expected).Within(1e-3), $"{provider} transposed {m}x{k}x{n}");
                Assert.That(a.Double().MatMul(b.Double()).ToArray<double>(), Is.EqualTo(expected).Within(1e-9), $"{provider} float64 {m}x{k}x{n}");
            }
            var batch = Tensor.Randn(5, 4, 3);
            var shared = Tensor.Randn(1, 3, 2);
            var r = batch.MatMul(shared);
            for (int i = 0; i < 5; i++)
                Assert.That(r[i].ToArray<double>(), Is.EqualTo(Naive(batch[i], shared[0])).Within(1e-4));
        }
        finally { Backend.CpuGemm = before; Mnist.Scripting.Backends.Cpu.Gemm.ThinKernels = thin; }
    }

    [Test]
    public void DescribeSaysWhichGemmRuns()
    {
        var d = Backend.Describe();
        Assert.That(d, Does.Contain("GEMM"));
        Assert.That(d, Does.Contain(Backend.OpenBlasAvailable ? "OpenBLAS" : "managed"));
    }
}
