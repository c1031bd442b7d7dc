// Caching device allocator: freed blocks go back to size buckets for reuse; on out-of-memory it empties the cache,
// collects unreachable tensors and retries once, then fails with used/requested bytes.
using System.Collections.Concurrent;

namespace Mnist.Scripting.Cuda;

internal sealed unsafe class CudaAllocator(CudaContext cuda)
{
    readonly Dictionary<long, Stack<ulong>> cache = new();
    // Finalizers must not call the driver (wrong thread, maybe no context): they queue blocks, drained on the next Allocate.
    readonly ConcurrentQueue<(ulong Ptr, long Bytes)> finalized = new();
    readonly Lock gate = new();

    /// <summary>Bytes held by live storages.</summary>
    public long UsedBytes { get; private set; }
    /// <summary>Bytes kept in the cache for reuse.</summary>
    public long CachedBytes { get; private set; }
    public long Allocations { get; private set; }
    public long CacheHits { get; private set; }

    /// <summary>Bucket size: powers of two from 512 bytes up to 1 MiB, then multiples of 2 MiB.</summary>
    public static long Bucket(long bytes)
    {
        if (bytes <= 512) return 512;
        if (bytes <= 1 << 20) return 1L << (int)(64 - long.LeadingZeroCount(bytes - 1));
        const long Mb2 = 2 << 20;
        return (bytes + Mb2 - 1) / Mb2 * Mb2;
    }

    public (ulong Ptr, long Bytes) Allocate(long bytes)
    {
        long size = Bucket(bytes);
        lock (gate)
        {
            Drain();
            Allocations++;
            if (cache.TryGetValue(size, out var stack) && stack.Count > 0)
            {
                CacheHits++;
                CachedBytes -= size;
                UsedBytes += size;
                return (stack.Pop(), size);
            }
            cuda.MakeCurrent();
            ulong p;
            int status = cuda.Driver.cuMemAlloc(&p, (nuint)size);
            if (status == CudaDriver.ErrorOutOfMemory)
            {
                EmptyCacheLocked();
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Drain();
                EmptyCacheLocked();
                status = cuda.Driver.cuMemAlloc(&p, (nuint)size);
                if (status == CudaDriver.ErrorOutOfMemory)
                {
                    nuint free, total;
                    cuda.Driver.cuMemGetInfo(&free, &total);
                    throw new CudaOutOfMemoryException(
                        $"CUDA out of memory on {cuda.DeviceName}: tried to allocate {bytes} bytes ({size} with rounding); {UsedBytes} bytes are held by " +
                        $"live tensors, {(ulong)free} of {(ulong)total} bytes free. Dispose tensors you no longer need (using, Tensor.NewDisposeScope()) or use smaller batches.");
                }
            }
            cuda.Driver.Check(status, "cuMemAlloc_v2");
            UsedBytes += size;
            return (p, size);
        }
    }

    public void Free(ulong ptr, long bytes)
    {
        lock (gate)
        {
            UsedBytes -= bytes;
            CachedBytes += bytes;
            if (!cache.TryGetValue(bytes, out var stack)) cache[bytes] = stack = new Stack<ulong>();
            stack.Push(ptr);
        }
    }

    public void FreeFromFinalizer(ulong ptr, long bytes) => finalized.Enqueue((ptr, bytes));

    void Drain()
    {
        while (finalized.TryDequeue(out var b))
        {
            UsedBytes -= b.Bytes;
            CachedBytes += b.Bytes;
            if (!cache.TryGetValue(b.Bytes, out var stack)) cache[b.Bytes] = stack = new Stack<ulong>();
            stack.Push(b.Ptr);
        }
    }

    /// <summary>Returns every cached block to the driver (torch.cuda.empty_cache()).</summary>
    public void EmptyCache() { lock (gate) { Drain(); EmptyCacheLocked(); } }

    void EmptyCacheLocked()
    {
        cuda.MakeCurrent();
        // Blocks may still be read by queued kernels: cuMemFree waits for the device, but be explicit.
        cuda.Driver.Check(cuda.Driver.cuStreamSynchronize(cuda.Stream), "cuStreamSynchronize");
        foreach (var stack in cache.Values)
            while (stack.Count > 0) cuda.Driver.Check(cuda.Driver.cuMemFree(stack.Pop()), "cuMemFree_v2");
        CachedBytes = 0;
    }
}
