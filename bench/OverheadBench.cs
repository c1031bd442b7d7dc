// Per-op overhead on small tensors, and one linear-model training step on the chapter's batch shape.
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
        s = Timing.MedianSeconds(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                var p = (x.MatMul(w) + bias).Sigmoid();
                var loss = Tensor.Where(y.Eq(1.0), 1 - p, p).Mean();
                loss.Backward();
                using (Tensor.NoGrad()) { w -= w.Grad! * 1.0; bias -= bias.Grad! * 1.0; }
                w.ZeroGrad(); bias.ZeroGrad();
            }
        }, repeats);
        Console.WriteLine($"linear step [256,784]: {s / 100 * 1e6:F1} us/step");
        s = Timing.MedianSeconds(() => { for (int i = 0; i < 100; i++) _ = x.MatMul(w.Detach()); }, repeats);
        Console.WriteLine($"  forward matmul only: {s / 100 * 1e6:F1} us");
        s = Timing.MedianSeconds(() => { for (int i = 0; i < 100; i++) _ = x.T.MatMul(y); }, repeats);
        Console.WriteLine($"  x.T @ g matmul only: {s / 100 * 1e6:F1} us");
        s = Timing.MedianSeconds(() => { for (int i = 0; i < 100; i++) { var p = (x.MatMul(w) + bias).Sigmoid(); _ = Tensor.Where(y.Eq(1.0), 1 - p, p).Mean(); } }, repeats);
        Console.WriteLine($"  forward with graph: {s / 100 * 1e6:F1} us");
        var swb = new System.Diagnostics.Stopwatch(); var sws = new System.Diagnostics.Stopwatch();
        for (int i = 0; i < 300; i++)
        {
            var p = (x.MatMul(w) + bias).Sigmoid();
            var loss = Tensor.Where(y.Eq(1.0), 1 - p, p).Mean();
            swb.Start(); loss.Backward(); swb.Stop();
            sws.Start(); using (Tensor.NoGrad()) { w -= w.Grad! * 1.0; bias -= bias.Grad! * 1.0; } sws.Stop();
            w.ZeroGrad(); bias.ZeroGrad();
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        {
            var p = (x.MatMul(w) + bias).Sigmoid();
            var loss = Tensor.Where(y.Eq(1.0), 1 - p, p).Mean();
            long mid = GC.GetAllocatedBytesForCurrentThread();
            loss.Backward();
            long mid2 = GC.GetAllocatedBytesForCurrentThread();
            using (Tensor.NoGrad()) { w -= w.Grad! * 1.0; bias -= bias.Grad! * 1.0; }
            long end = GC.GetAllocatedBytesForCurrentThread();
            Console.WriteLine($"  allocated: forward {mid - before} B, backward {mid2 - mid} B, step {end - mid2} B");
            w.ZeroGrad(); bias.ZeroGrad();
        }
        Console.WriteLine($"  backward: {swb.Elapsed.TotalMilliseconds / 300 * 1000:F1} us, step: {sws.Elapsed.TotalMilliseconds / 300 * 1000:F1} us");
    }
}
