// The CUDA backend: each IBackend primitive is one kernel launch over strided geometry (cuda-kernels/*.cu).
using System.Runtime.InteropServices;
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Cuda;

/// <summary>Runs the primitives on device 0 with the kernels in cuda-kernels/, compiled to PTX and embedded in core.</summary>
public sealed unsafe partial class CudaBackend : IBackend
{
    internal CudaContext Cuda { get; }

    internal CudaBackend(CudaContext cuda) => Cuda = cuda;

    public Device Device => Device.Cuda;

    /// <summary>Debug aid: fill every new allocation with 0xFF bytes (NaN floats, -1 ints) to expose unwritten outputs (MNIST_SCRIPTING_CUDA_POISON=1).</summary>
    public static bool PoisonAllocations { get; set; } = EngineSettings.Current.CudaPoison;

    /// <summary>Debug aid: wait for each kernel so an error names the kernel that caused it (MNIST_SCRIPTING_CUDA_SYNC=1).</summary>
    public static bool SyncAfterLaunch { get; set; } = EngineSettings.Current.CudaSync;

    /// <summary>
    /// Which matmul kernel runs: 0 picks (v3 128x128 tiles for float32 with m, n >= 128, else v2 64x64 tiles; v1 for integers),
    /// 1, 2 or 3 force one (v3 is float32 only). Env MNIST_SCRIPTING_CUDA_MATMUL=v1|v2|v3.
    /// </summary>
    public static int MatMulVersion { get; set; } = EngineSettings.Current.CudaMatMul;

    /// <summary>The GPU's name, e.g. "NVIDIA H100 80GB HBM3".</summary>
    public string DeviceName => Cuda.DeviceName;

    /// <summary>Bytes held by live CUDA tensors and bytes cached for reuse.</summary>
    public (long Used, long Cached) MemoryInUse => (Cuda.Allocator.UsedBytes, Cuda.Allocator.CachedBytes);

    /// <summary>Frees cached blocks back to the driver (torch.cuda.empty_cache()).</summary>
    public void EmptyCache() => Cuda.Allocator.EmptyCache();

    /// <summary>Waits for queued kernels (torch.cuda.synchronize()), then throws for a range check one of them failed.</summary>
    public void Synchronize()
    {
        Cuda.Synchronize();
        AnswerPendingChecks();
    }

    public Storage Allocate(DType dtype, int length)
    {
        var s = new CudaStorage(this, dtype, length);
        if (PoisonAllocations && length > 0)
            Cuda.Driver.Check(Cuda.Driver.cuMemsetD8Async(s.Ptr, 0xFF, (nuint)((long)length * CudaStorage.ElementSize(dtype)), Cuda.Stream), "cuMemsetD8Async");
        DisposeScope.Track(s);
        return s;
    }

    public Storage FromHost(Array data, DType dtype)
    {
        var s = (CudaStorage)Allocate(dtype, data.Length);
        long bytes = (long)data.Length * CudaStorage.ElementSize(dtype);
        if (bytes == 0) return s;
        Cuda.MakeCurrent();
        // Pageable source: the driver has staged it by the time the call returns, so unpinning after is safe.
        fixed (byte* p = &MemoryMarshal.GetArrayDataReference(data))
            Cuda.Driver.Check(Cuda.Driver.cuMemcpyHtoDAsync(s.Ptr, p, (nuint)bytes, Cuda.Stream), "cuMemcpyHtoDAsync_v2");
        return s;
    }

    /// <summary>
    /// Copies from the device to the host so far (each one waits for the stream): a training step should make exactly
    /// the ones its code asks for, such as reading the loss, and none inside the ops.
    /// </summary>
    public long DeviceToHostCopies => Interlocked.Read(ref deviceToHostCopies);
    long deviceToHostCopies;

    public Array ToHost(View src)
    {
        Interlocked.Increment(ref deviceToHostCopies);
        int n = (int)src.Numel;
        var host = HostArrays.NewArray(src.DType, n);
        if (n == 0) return host;
        var v = src;
        CudaStorage? tmp = null;
        if (!src.IsContiguous)
        {
            tmp = (CudaStorage)Allocate(src.DType, n);
            v = new View(tmp, src.Shape, Shapes.ContiguousStrides(src.Shape), 0);
            Copy(src, v);
        }
        int es = CudaStorage.ElementSize(src.DType);
        Cuda.MakeCurrent();
        fixed (byte* p = &MemoryMarshal.GetArrayDataReference(host))
        {
            Cuda.Driver.Check(Cuda.Driver.cuMemcpyDtoHAsync(p, Ptr(v) + (ulong)((long)v.Offset * es), (nuint)((long)n * es), Cuda.Stream), "cuMemcpyDtoHAsync_v2");
            Cuda.Driver.Check(Cuda.Driver.cuStreamSynchronize(Cuda.Stream), "cuStreamSynchronize");
        }
        tmp?.Dispose();
        AnswerPendingChecks();
        return host;
    }

    static ulong Ptr(View v) => v.Storage is CudaStorage s ? s.Ptr
        : throw new InvalidOperationException($"cuda backend got a {v.Storage.Device} tensor; move it with .To(Device.Cuda)");

    public void Copy(View src, View dst)
    {
        if (dst.Numel == 0) return;
        int es = CudaStorage.ElementSize(src.DType);
        if (src.DType == dst.DType && src.IsContiguous && dst.IsContiguous && !(src.DType != DType.Bool && dst.DType == DType.Bool))
        {
            Cuda.MakeCurrent();
            Cuda.Driver.Check(Cuda.Driver.cuMemcpyDtoDAsync(Ptr(dst) + (ulong)((long)dst.Offset * es), Ptr(src) + (ulong)((long)src.Offset * es),
                (nuint)(dst.Numel * es), Cuda.Stream), "cuMemcpyDtoDAsync_v2");
            return;
        }
        var g = Geometry.Of(dst with { Strides = src.Strides, Offset = src.Offset }, dst);
        ulong px = Ptr(src), pd = Ptr(dst);
        Cuda.Launch1D(KernelNames.Copy(src.DType, dst.DType), g.N, [(nint)(&g), (nint)(&px), (nint)(&pd)]);
    }

    public void Fill(View dst, double value)
    {
        if (dst.Numel == 0) return;
        // The conversions the CPU reference applies: bool → 0/1, uint8 wraps, int64 truncates.
        double v = dst.DType switch
        {
            DType.Bool => value != 0 ? 1 : 0,
            DType.UInt8 => (byte)(long)value,
            DType.Float32 => (float)value,
            _ => value,
        };
        long exact = dst.DType == DType.Int64 ? (long)value : 0;
        var g = Geometry.Of(dst);
        ulong pd = Ptr(dst);
        Cuda.Launch1D(KernelNames.Fill(dst.DType), g.N, [(nint)(&g), (nint)(&pd), (nint)(&v), (nint)(&exact)]);
    }

    public void Unary(UnaryOp op, View x, View dst)
    {
        op.CheckInput(x.DType);
        var g = Geometry.Of(x, dst);
        ulong px = Ptr(x), pd = Ptr(dst);
        Cuda.Launch1D(KernelNames.Unary(op, x.DType), g.N, [(nint)(&g), (nint)(&px), (nint)(&pd)]);
    }

    public void Binary(BinaryOp op, View a, View b, View dst)
    {
        var g = Geometry.Of(a, b, dst);
        ulong pa = Ptr(a), pb = Ptr(b), pd = Ptr(dst);
        Cuda.Launch1D(KernelNames.Binary(op, a.DType), g.N, [(nint)(&g), (nint)(&pa), (nint)(&pb), (nint)(&pd)]);
    }

    public void Where(View cond, View a, View b, View dst)
    {
        var g = Geometry.Of(cond, a, b, dst);
        ulong pc = Ptr(cond), pa = Ptr(a), pb = Ptr(b), pd = Ptr(dst);
        Cuda.Launch1D(KernelNames.Where(a.DType), g.N, [(nint)(&g), (nint)(&pc), (nint)(&pa), (nint)(&pb), (nint)(&pd)]);
    }
}
