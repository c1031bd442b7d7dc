// The foundation's figure: a 12396×784 by 784×784 float matmul in GFLOP/s, per GEMM provider.
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
        foreach (var p in providers)
        {
            Backend.CpuGemm = p;
            double s = Timing.MedianSeconds(() => a.MatMul(b), p == GemmProvider.Managed ? Math.Min(repeats, 3) : repeats);
            Console.WriteLine($"matmul 12396x784x784 threads={threads} provider={p}: {s * 1000:F1} ms, {flop / s / 1e9:F1} GFLOP/s");
        }
    }
}
