// `mnist-bench micro`: BenchmarkDotNet op-level benchmarks on the chapter's shapes (add, sigmoid, matmul, sum,
// and one linear-model training step). Extra arguments go to BenchmarkDotNet (e.g. --filter '*MatMul*').
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Mnist.Scripting.NN;

namespace Mnist.Scripting.Bench;

public class OpBenchmarks
{
    Tensor x = null!, w = null!, bias = null!, y = null!, col = null!, a = null!, b = null!;

    [GlobalSetup]
    public void Setup()
    {
        Tensor.ManualSeed(0);
        x = Tensor.Randn(256, 784);          // one mini-batch of the linear model
        w = Tensor.Randn(784, 1).RequiresGrad();
        bias = Tensor.Randn(1).RequiresGrad();
        y = (Tensor.Rand(256, 1) > 0.5).Long();
        col = Tensor.Randn(256, 1);
        a = Tensor.Randn(256, 784);
        b = Tensor.Randn(784, 30);            // simple_net's first layer
    }

    [Benchmark] public Tensor AddBatch() => x + x;
    [Benchmark] public Tensor AddColumn() => col + col;
    [Benchmark] public Tensor Sigmoid() => x.Sigmoid();
    [Benchmark] public Tensor Sum() => x.Sum();
    [Benchmark] public Tensor MatMul256x784x30() => a.MatMul(b);
    [Benchmark] public Tensor MatMul256x784x1() => x.MatMul(w.Detach());

    [Benchmark]
    public void LinearStep()
    {
        F.MnistLoss(x.MatMul(w) + bias, y).Backward();
        using (Tensor.NoGrad()) { w.Data.Sub_(w.Grad!); bias.Data.Sub_(bias.Grad!); }
        w.Grad!.Zero_(); bias.Grad!.Zero_();
    }
}

static class MicroBench
{
    public static int Run(string[] args)
    {
        // In process: the exe is named mnist-bench, not after its project, which BenchmarkDotNet's generated projects need.
        var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance)).AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "mnist-bench-artifacts"));
        BenchmarkSwitcher.FromTypes([typeof(OpBenchmarks)]).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
        return 0;
    }
}
