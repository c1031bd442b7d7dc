// The chapter's simple_net (784 -> 30 -> ReLU -> 1, sigmoid + mnist_loss, SGD lr 1) for one epoch of random data,
// written with tensor ops so it runs on either device; each step's temporaries are freed by a DisposeScope.
using System.Diagnostics;
using Mnist.Scripting.Cuda;

namespace Mnist.Scripting.GpuRunner;

static class SimpleNet
{
    const int Batch = 256, Inputs = 784, Hidden = 30;
    static int Rows = 12396;

    public static double EpochMs(Device device, CudaBackend? cuda, bool smoke = false)
    {
        Rows = smoke ? 1000 : 12396;
        var g = new Generator(42);
        var x = Tensor.Rand([Rows, Inputs], g).To(device);
        var y = (Tensor.Rand([Rows, 1], g) > 0.5).Float().To(device);
        Tensor P(params int[] shape) => (Tensor.Randn(shape, g) * 0.1).To(device).Detach().RequiresGrad();
        Tensor w1 = P(Inputs, Hidden), b1 = P(Hidden), w2 = P(Hidden, 1), b2 = P(1);
        Tensor[] ps = [w1, b1, w2, b2];
        Epoch(x, y, ps); // warm-up: loads kernels, fills the allocator's cache
        cuda?.Synchronize();
        var sw = Stopwatch.StartNew();
        double loss = Epoch(x, y, ps);
        cuda?.Synchronize();
        double ms = sw.Elapsed.TotalMilliseconds;
        Console.WriteLine($"simple_net on {device}: {ms:F1} ms/epoch, last batch loss {loss:F4}");
        return ms;
    }

    static double Epoch(Tensor x, Tensor y, Tensor[] ps)
    {
        double last = 0;
        for (int start = 0; start < Rows; start += Batch)
        {
            using var scope = Tensor.NewDisposeScope();
            int n = Math.Min(Batch, Rows - start);
            var xb = x.Narrow(0, start, n);
            var yb = y.Narrow(0, start, n);
            var h = (xb.MatMul(ps[0]) + ps[1]).Relu();
            var p = (h.MatMul(ps[2]) + ps[3]).Sigmoid();
            var loss = Tensor.Where(yb.Eq(1.0), 1 - p, p).Mean();
            loss.Backward();
            using (Tensor.NoGrad())
                foreach (var t in ps)
                {
                    t.SubInPlace(t.Grad! * 1.0);
                    t.Grad = null;
                }
            if (start + Batch >= Rows) last = loss.Item();
        }
        return last;
    }
}
