// Device storage: a block from the caching allocator, returned to it by Dispose (or, late, by the finalizer).
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Cuda;

internal sealed class CudaStorage : Storage, IDisposable
{
    readonly CudaAllocator allocator;
    readonly ulong ptr;
    readonly long bytes;
    int disposed;

    public CudaStorage(CudaBackend backend, DType dtype, int length) : base(dtype, length)
    {
        Owner = backend;
        allocator = backend.Cuda.Allocator;
        long want = (long)length * ElementSize(dtype);
        if (want > 0) (ptr, bytes) = allocator.Allocate(want);
    }

    public CudaBackend Owner { get; }
    public override IBackend Backend => Owner;

    /// <summary>Device address of element 0.</summary>
    public ulong Ptr => disposed == 0 ? ptr
        : throw new ObjectDisposedException(nameof(CudaStorage), "this CUDA tensor's memory was freed (Dispose or the end of a DisposeScope); keep it with scope.Keep(t) or clone it before the scope ends");

    public bool IsDisposed => disposed != 0;

    public static int ElementSize(DType t) => t switch { DType.Float32 => 4, DType.Float64 or DType.Int64 => 8, _ => 1 };

    /// <summary>A scratch buffer's end: device memory is freed at once (the allocator caches it for the next request).</summary>
    internal override void Release() => Dispose();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        if (bytes > 0) allocator.Free(ptr, bytes);
        GC.SuppressFinalize(this);
    }

    ~CudaStorage()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0 && bytes > 0) allocator.FreeFromFinalizer(ptr, bytes);
    }
}
