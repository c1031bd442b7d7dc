// Per-op overhead on small tensors, and one linear-model training step on the chapter's batch shape,
// with where its time and allocations go (forward, backward, SGD step).
using System.Diagnostics;

namespace Mnist.Scripting.Bench;

static class OverheadBench
{
    public static void Run(int repeats)
    {
        var a = Tensor.Randn(256, 1);
        var b = Tensor.Randn(256, 1);
        double s = Timing.MedianSeconds(() => { for (int i = 0; i < 10000; i++) _ = a + b; }, repeats);
        Console.WriteLine($"overhead add [256,1]: {s / 10000 * 1e6:F2} us/op");

        var x = Tensor.Randn(256, 784);
        var y = (Tensor.Rand(256, 1) > 0.5).Float();
        var w = Tensor.Randn(784, 1).RequiresGrad();
        var bias = Tensor.Randn(1).RequiresGrad();
        Tensor Loss()
        {
            var p = (x.MatMul(w) + bias).Sigmoid();
            return Tensor.Where(y.Eq(1.0), 1 - p, p).Mean();
        }
        void Step()
        {
            using (Tensor.NoGrad()) { w -= w.Grad! * 1.0; bias -= bias.Grad! * 1.0; }
        }
        void ZeroGrad() { w.ZeroGrad(); bias.ZeroGrad(); }
        double PerCall(Action f, int n) => Timing.MedianSeconds(() => { for (int i = 0; i < n; i++) f(); }, repeats) / n * 1e6;

        Console.WriteLine($"linear step [256,784]: {PerCall(() => { Loss().Backward(); Step(); ZeroGrad(); }, 100):F1} us/step");
        Console.WriteLine($"  forward matmul only: {PerCall(() => x.MatMul(w.Detach()), 100):F1} us");
        Console.WriteLine($"  x.T @ g matmul only: {PerCall(() => x.T.MatMul(y), 100):F1} us");
        Console.WriteLine($"  forward with graph: {PerCall(() => Loss(), 100):F1} us");

        var backward = new Stopwatch();
        var step = new Stopwatch();
        for (int i = 0; i < 300; i++)
        {
            var loss = Loss();
            backward.Start(); loss.Backward(); backward.Stop();
            step.Start(); Step(); step.Stop();
            ZeroGrad();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var l = Loss();
        long afterForward = GC.GetAllocatedBytesForCurrentThread();
        l.Backward();
        long afterBackward = GC.GetAllocatedBytesForCurrentThread();
        Step();
        long afterStep = GC.GetAllocatedBytesForCurrentThread();
        ZeroGrad();
        Console.WriteLine($"  allocated: forward {afterForward - before} B, backward {afterBackward - afterForward} B, step {afterStep - afterBackward} B");
        Console.WriteLine($"  backward: {backward.Elapsed.TotalMilliseconds / 300 * 1000:F1} us, step: {step.Elapsed.TotalMilliseconds / 300 * 1000:F1} us");
    }
}
