// Range checks whose answer is on the device: kept without waiting, answered at the next copy to the host.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Cuda;

public sealed unsafe partial class CudaBackend
{
    // One running minimum and maximum per kind of check (the range and the code that words the refusal), folded on the
    // device in the stream's own order, so a loop that never reads back holds two 8-byte blocks per kind, not one per call.
    sealed record PendingRange(CudaStorage Min, CudaStorage Max, long Lo, long Hi, Func<long, string> Refusal);
    readonly Dictionary<(long Lo, long Hi, System.Reflection.MethodInfo Asker), PendingRange> pendingRanges = [];

    /// <summary>
    /// Keeps the check for the next copy to the host or <see cref="Synchronize"/>, which then throws for it: the op that
    /// asked goes on at once, as PyTorch's kernels do before a device-side assert surfaces.
    /// </summary>
    public void RequireInRange(View min, View max, long lo, long hi, Func<long, string> refusal)
    {
        lock (pendingRanges)
        {
            if (pendingRanges.TryGetValue((lo, hi, refusal.Method), out var p))
            {
                Binary(BinaryOp.Minimum, Scalar(p.Min), min, Scalar(p.Min));
                Binary(BinaryOp.Maximum, Scalar(p.Max), max, Scalar(p.Max));
                return;
            }
            // Not from Allocate: a DisposeScope around the op must not free what the next read still has to look at.
            var (first, last) = (new CudaStorage(this, DType.Int64, 1), new CudaStorage(this, DType.Int64, 1));
            Copy(min, Scalar(first));
            Copy(max, Scalar(last));
            pendingRanges[(lo, hi, refusal.Method)] = new(first, last, lo, hi, refusal);
        }
    }

    static View Scalar(CudaStorage s) => new(s, [], [], 0);

    // Called with the stream idle (after a synchronizing copy): reads each kept check, forgets them all, and throws the
    // first that failed, so one bad batch is reported once.
    void AnswerPendingChecks()
    {
        PendingRange[] kept;
        lock (pendingRanges)
        {
            if (pendingRanges.Count == 0) return;
            kept = [.. pendingRanges.Values];
            pendingRanges.Clear();
        }
        string? failure = null;
        foreach (var p in kept)
        {
            long first = ReadLong(p.Min), last = ReadLong(p.Max);
            p.Min.Dispose();
            p.Max.Dispose();
            failure ??= first < p.Lo ? p.Refusal(first) : last >= p.Hi ? p.Refusal(last) : null;
        }
        if (failure is not null)
            throw new IndexOutOfRangeException(failure + " (checked on the GPU, found at this read back to the host: the call that failed ran before it)");
    }

    long ReadLong(CudaStorage s)
    {
        long v;
        Cuda.MakeCurrent();
        Cuda.Driver.Check(Cuda.Driver.cuMemcpyDtoHAsync(&v, s.Ptr, 8, Cuda.Stream), "cuMemcpyDtoHAsync_v2");
        Cuda.Driver.Check(Cuda.Driver.cuStreamSynchronize(Cuda.Stream), "cuStreamSynchronize");
        return v;
    }
}
