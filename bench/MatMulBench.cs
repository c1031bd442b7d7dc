// The foundation's figure: a 12396×784 by 784×784 float matmul in GFLOP/s, per GEMM provider; then the chapter's thin
// products (the CNN's convolutions, simple_net's and the MLP's layers, forward and gradients) through OpenBLAS and
// through our AVX-512 kernels, where the CPU has them.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Bench;

static class MatMulBench
{
    public static void Run(int threads, int repeats)
    {
        Backend.SetNumThreads(threads);
        Tensor.ManualSeed(0);
        var a = Tensor.Randn(12396, 784);
        var b = Tensor.Randn(784, 784);
        double flop = 2.0 * 12396 * 784 * 784;
        var providers = new List<GemmProvider> { GemmProvider.Managed };
        if (Backend.OpenBlasAvailable) providers.Insert(0, GemmProvider.OpenBlas);
        var thin = Backend.CpuThinGemm;
        foreach (var p in providers)
        {
            Backend.CpuGemm = p;
            double s = Timing.MedianSeconds(() => a.MatMul(b), p == GemmProvider.Managed ? Math.Min(repeats, 3) : repeats);
            Console.WriteLine($"matmul 12396x784x784 threads={threads} provider={p}: {s * 1000:F1} ms, {flop / s / 1e9:F1} GFLOP/s");
        }
        Backend.CpuGemm = providers[0];
        if (!thin) { Console.WriteLine("thin products: our AVX-512 kernels are off on this machine (no AVX-512, or MNIST_SCRIPTING_GEMM512=off)"); return; }
        try { Thin(threads, repeats); }
        finally { Backend.CpuThinGemm = thin; }
    }

    // (what, m, n, k, A stored transposed, B stored transposed): C[m, n] = op(A)·op(B) as the chapter's models call it.
    static readonly (string What, int M, int N, int K, bool TA, bool TB)[] Shapes =
    [
        ("conv2 forward W·cols", 16, 12544, 72, false, false),
        ("conv2 weight grad g·colsᵀ", 16, 72, 12544, false, true),
        ("conv2 column grad Wᵀ·g", 72, 12544, 16, true, false),
        ("conv1 forward W·cols", 8, 50176, 9, false, false),
        ("conv1 weight grad g·colsᵀ", 8, 9, 50176, false, true),
        ("simple_net x·W1ᵀ", 256, 30, 784, false, true),
        ("simple_net gᵀ·x", 30, 784, 256, true, false),
        ("mlp x·W1ᵀ", 128, 128, 784, false, true),
        ("mlp gᵀ·x", 128, 784, 128, true, false),
        ("cnn head x·Wᵀ", 64, 10, 784, false, true),
    ];

    static void Thin(int threads, int repeats)
    {
        Console.WriteLine($"thin products, {threads} thread(s): median of {repeats} timings of enough calls for 20 ms each");
        foreach (var (what, m, n, k, ta, tb) in Shapes)
        {
            var a = ta ? Tensor.Randn(k, m).T : Tensor.Randn(m, k);
            var b = tb ? Tensor.Randn(n, k).T : Tensor.Randn(k, n);
            int calls = (int)Math.Max(10, 4e7 / (2.0 * m * n * k));
            double Time(bool ours)
            {
                Backend.CpuThinGemm = ours;
                return Timing.MedianSeconds(() => { for (int i = 0; i < calls; i++) a.MatMul(b); }, repeats) / calls;
            }
            double blas = Time(false), ours = Time(true), gf = 2.0 * m * n * k / 1e9;
            Console.WriteLine($"  {what,-28} [{m}, {k}]·[{k}, {n}]: OpenBLAS {blas * 1e6,7:F1} us ({gf / blas,5:F0} GFLOP/s), ours {ours * 1e6,7:F1} us ({gf / ours,5:F0} GFLOP/s), ours/OpenBLAS {ours / blas:F2}");
        }
    }
}
