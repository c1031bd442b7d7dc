// Allocator and scope checks on the CUDA device (`--selftest`): scopes free temporaries, Keep survives, use after
// Dispose is a clear error, and (under the CPU emulator with FAKECUDA_MEM_LIMIT) out-of-memory retries then explains.
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

    // In its own frame so no local keeps the tensors reachable (debug builds extend locals' lifetimes).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static void MakeGarbage(long bytes)
    {
        for (int i = 0; i < 40; i++) Tensor.Zeros([(int)(bytes / 32)], DType.Float32, Device.Cuda); // 40 eighths: 5x the limit
    }
}
