// Allocator and scope checks on the CUDA device (`--selftest`): scopes free temporaries, Keep survives, use after
// Dispose is a clear error, a training step copies nothing to the host but what its code reads, and (under the CPU
// emulator with FAKECUDA_MEM_LIMIT) out-of-memory retries then explains.
using Mnist.Scripting.Cuda;

namespace Mnist.Scripting.GpuRunner;

static class SelfTest
{
    public static int Run(CudaBackend cuda, TextWriter log)
    {
        int failures = 0;
        void Check(bool ok, string what)
        {
            log.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
            if (!ok) failures++;
        }

        var x = Tensor.Rand([1000, 100]).To(Device.Cuda);
        long before = cuda.MemoryInUse.Used;
        Tensor kept;
        using (var scope = Tensor.NewDisposeScope())
        {
            var t = (x * 2 + 1).Sigmoid().Sum(1);
            kept = scope.Keep(t.Mean());
            Check(scope.Count >= 4, $"scope tracks its temporaries ({scope.Count})");
        }
        Check(cuda.MemoryInUse.Used - before == CudaAllocator.Bucket(4), $"scope freed all but the kept scalar ({cuda.MemoryInUse.Used - before} bytes left)");
        Check(Math.Abs(kept.Item() - (x.To(Device.Cpu) * 2 + 1).Sigmoid().Sum(1).Mean().Item()) < 1e-3, "kept tensor still holds its value");
        var y = x * 3;
        y.Dispose();
        try { y.Sum().Item(); Check(false, "use after Dispose throws"); }
        catch (ObjectDisposedException e) { Check(e.Message.Contains("freed"), $"use after Dispose throws: {e.Message}"); }

        HostRoundTrips(cuda, Check);

        var limit = Environment.GetEnvironmentVariable("FAKECUDA_MEM_LIMIT");
        if (cuda.DeviceName.StartsWith("fakecuda") && long.TryParse(limit, out long bytes))
        {
            // Unreachable tensors beyond the limit: the allocator must collect them and retry, not fail.
            MakeGarbage(bytes);
            Check(true, "allocations beyond the limit succeed once garbage is collected");
            var hold = new List<Tensor>();
            try
            {
                for (int i = 0; i < 10; i++) hold.Add(Tensor.Zeros([(int)(bytes / 32)], DType.Float32, Device.Cuda));
                Check(false, "holding more than the limit fails");
            }
            catch (CudaOutOfMemoryException e) { Check(e.Message.StartsWith("CUDA out of memory") && e.Message.Contains("tried to allocate"), $"out of memory explains: {e.Message}"); }
            foreach (var h in hold) h.Dispose();
        }
        else log.WriteLine("skip out-of-memory checks (need the CPU emulator with FAKECUDA_MEM_LIMIT)");
        return failures;
    }

    // Device-to-host copies per training step (each one a stream sync): none inside the ops of simple_net's step or of
    // step 12's CNN with cross-entropy and Adam; reading the loss, as the recorder does, is the one copy a step makes.
    static void HostRoundTrips(CudaBackend cuda, Action<bool, string> check)
    {
        var g = new Generator(3);
        var net = new Bench.SimpleNet(Device.Cuda, g);
        var opt = net.CreateSgd();
        var xb = Tensor.Rand([256, 784], g).To(Device.Cuda);
        var yb = (Tensor.Rand([256, 1], g) > 0.5).Float().To(Device.Cuda);
        net.Step(opt, xb, yb);   // first use: module loading, lazy setup
        long before = cuda.DeviceToHostCopies;
        for (int i = 0; i < 3; i++) net.Step(opt, xb, yb);
        check(cuda.DeviceToHostCopies == before, $"simple_net: {(cuda.DeviceToHostCopies - before) / 3.0} device-to-host copies per step inside the ops (expected 0)");
        before = cuda.DeviceToHostCopies;
        net.Step(opt, xb, yb).Item();
        check(cuda.DeviceToHostCopies - before == 1, $"simple_net: reading the loss is one copy ({cuda.DeviceToHostCopies - before})");

        // Step 12's CNN written with F (a module has no To(device)): parameters drawn as the layers draw them, then moved.
        Tensor P(Tensor t) => t.Detach().To(Device.Cuda).RequiresGrad();
        var (c1, c2, fc) = (new NN.Conv2d(1, 8, 3, padding: 1, generator: g), new NN.Conv2d(8, 16, 3, padding: 1, generator: g), new NN.Linear(16 * 7 * 7, 10, generator: g));
        var ps = new[] { P(c1.Weight), P(c1.Bias!), P(c2.Weight), P(c2.Bias!), P(fc.Weight), P(fc.Bias!) };
        Tensor Forward(Tensor input)
        {
            var h = NN.F.MaxPool2d(NN.F.Conv2d(input, ps[0], ps[1], stride: 1, padding: 1).Relu(), 2);
            h = NN.F.MaxPool2d(NN.F.Conv2d(h, ps[2], ps[3], stride: 1, padding: 1).Relu(), 2);
            return h.Reshape(h.Size(0), -1).MatMul(ps[4].T) + ps[5];
        }
        var adam = Optim.Adam.Create(ps, 3e-3);
        var x = Tensor.Rand([64, 1, 28, 28], g).To(Device.Cuda);
        var y = Tensor.FromArray(Enumerable.Range(0, 64).Select(i => (long)(i % 10)).ToArray()).To(Device.Cuda);
        void CnnStep()
        {
            var loss = NN.F.CrossEntropy(Forward(x), y);
            loss.Backward();
            adam.Step();
            adam.ZeroGrad();
        }
        CnnStep();
        before = cuda.DeviceToHostCopies;
        for (int i = 0; i < 3; i++) CnnStep();
        check(cuda.DeviceToHostCopies == before, $"CNN with cross-entropy and Adam: {(cuda.DeviceToHostCopies - before) / 3.0} device-to-host copies per step (expected 0)");

        // A class outside 0..C-1 is an error on the device too: the op does not wait for its targets; the next read
        // back to the host throws for it, once, and names the op and the class.
        var logits = Tensor.Randn([3, 10], g).To(Device.Cuda);
        float good = NN.F.CrossEntropy(logits, Tensor.FromArray(new long[] { 1, 9, 2 }).To(Device.Cuda)).Item<float>();
        before = cuda.DeviceToHostCopies;
        var badLoss = NN.F.CrossEntropy(logits, Tensor.FromArray(new long[] { 1, 10, 2 }).To(Device.Cuda));
        NN.F.CrossEntropy(logits, Tensor.FromArray(new long[] { 0, 0, 2 }).To(Device.Cuda));   // folds into the kept check
        bool launchedWithoutWaiting = cuda.DeviceToHostCopies == before;
        string? refusal = null;
        try { badLoss.Item<float>(); } catch (IndexOutOfRangeException e) { refusal = e.Message; }
        check(launchedWithoutWaiting && refusal is not null && refusal.StartsWith("nll_loss: Target 10 is out of bounds") && refusal.Contains("0..9"),
            $"cross-entropy on the device: a target out of range throws at the next read ({refusal ?? "no error"})");
        float again = logits.Sum().Item<float>();
        check(float.IsFinite(good) && float.IsFinite(again), $"cross-entropy on the device: the error is reported once, later reads work ({again})");
        bool synchronizeThrows = false;
        NN.F.NllLoss(logits, Tensor.FromArray(new long[] { 0, 0, 11 }).To(Device.Cuda));
        try { cuda.Synchronize(); } catch (IndexOutOfRangeException) { synchronizeThrows = true; }
        check(synchronizeThrows, "nll_loss on the device: torch.cuda.synchronize() reports a failed target check");
    }

    // In its own frame so no local keeps the tensors reachable (debug builds extend locals' lifetimes).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static void MakeGarbage(long bytes)
    {
        for (int i = 0; i < 40; i++) Tensor.Zeros([(int)(bytes / 32)], DType.Float32, Device.Cuda); // 40 eighths: 5x the limit
    }
}
