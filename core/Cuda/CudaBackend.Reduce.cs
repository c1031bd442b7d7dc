// CUDA reductions (one block per output, chunked two-pass for long rows), batched matmul and index gather/scatter-add.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Cuda;

public sealed unsafe partial class CudaBackend
{
    public void Reduce(ReduceOp op, View x, int[] dims, View dst)
    {
        var g = ReduceGeometry.Of(x, op is ReduceOp.ArgMax or ReduceOp.ArgMin ? [dims[0]] : dims, dst);
        if (g.OutN == 0) return;
        ulong px = Ptr(x), pd = Ptr(dst);
        string kernel = KernelNames.Reduce(op, x.DType);
        if (op is ReduceOp.Sum or ReduceOp.Max or ReduceOp.Min && g.PrefersThreadPerOutput())
        {
            Cuda.Launch1D(KernelNames.ReduceCols(op, x.DType), g.OutN, [(nint)(&g), (nint)(&px), (nint)(&pd)]);
            return;
        }
        var (chunks, chunk) = op is ReduceOp.ArgMax or ReduceOp.ArgMin ? (1, g.R) : LaunchMath.ReduceChunks(g.OutN, g.R);
        if (chunks == 1)
        {
            Cuda.Launch(kernel, (LaunchMath.Blocks1D((long)g.OutN, 1), 1, 1), (LaunchMath.Block, 1, 1), [(nint)(&g), (nint)(&px), (nint)(&pd)]);
            return;
        }
        // Pass 1: each (output, chunk) block writes a partial into a contiguous [outN, chunks] buffer.
        using var partial = (CudaStorage)Allocate(x.DType, g.OutN * chunks);
        g.Chunks = chunks;
        g.Chunk = chunk;
        ulong pp = partial.Ptr;
        Cuda.Launch(kernel, (LaunchMath.Blocks1D((long)g.OutN * chunks, 1), 1, 1), (LaunchMath.Block, 1, 1), [(nint)(&g), (nint)(&px), (nint)(&pp)]);
        // Pass 2: reduce the partials of each output; the output geometry is unchanged, only x's strides change.
        var g2 = g;
        g2.Chunks = 1;
        g2.Chunk = chunks;
        g2.RedRank = 1; g2.R = chunks; g2.RedShape[0] = chunks; g2.RedStride[0] = 1;
        g2.XOff = 0;
        int stride = chunks;
        for (int k = g.OutRank - 1; k >= 0; k--) { g2.OutStrideX[k] = stride; stride *= g.OutShape[k]; }
        Cuda.Launch(kernel, (LaunchMath.Blocks1D((long)g.OutN, 1), 1, 1), (LaunchMath.Block, 1, 1), [(nint)(&g2), (nint)(&pp), (nint)(&pd)]);
    }

    public void MatMul(View a, View b, View dst)
    {
        var g = MatMulGeometry.Of(a, b, dst);
        if (g.Batch == 0 || g.M == 0 || g.N == 0) return;
        ulong pa = Ptr(a), pb = Ptr(b), pd = Ptr(dst);
        int version = MatMulVersion != 0 ? MatMulVersion : a.DType == DType.Float32 && g.M >= 128 && g.N >= 128 ? 3 : 2;
        if (version == 3 && a.DType != DType.Float32) version = 2;
        if (version == 1 || !KernelNames.HasTiledMatMul(a.DType))
        {
            Cuda.Launch1D(KernelNames.MatMul(a.DType, 1), (long)g.Batch * g.M * g.N, [(nint)(&g), (nint)(&pa), (nint)(&pb), (nint)(&pd)]);
            return;
        }
        string kernel = KernelNames.MatMul(a.DType, version);
        int tile = version == 3 ? 128 : LaunchMath.GemmTile;
        for (int b0 = 0; b0 < g.Batch; b0 += LaunchMath.MaxGridZ)
        {
            // Slices of at most 65535 batches (gridDim.z); the slice's start moves into the offsets.
            var s = g;
            s.Batch = Math.Min(LaunchMath.MaxGridZ, g.Batch - b0);
            s.AOff = g.AOff + b0 * g.ABatch; s.BOff = g.BOff + b0 * g.BBatch; s.DOff = g.DOff + b0 * g.DBatch;
            Cuda.Launch(kernel, (LaunchMath.Tiles(g.N, tile), LaunchMath.Tiles(g.M, tile), (uint)s.Batch), (16, 16, 1), [(nint)(&s), (nint)(&pa), (nint)(&pb), (nint)(&pd)]);
        }
    }

    public void IndexSelect(View src, int dim, View index, View dst)
    {
        if (dst.Numel == 0) return;
        using var idx = OnDevice(index, out var iv);
        var srcStrides = (int[])src.Strides.Clone();
        srcStrides[dim] = 0;
        var g = Geometry.Uncoalesced(dst.Shape, (srcStrides, src.Offset), (dst.Strides, dst.Offset));
        var ig = IndexInfo(dst.Shape, dim, src.Strides[dim], iv);
        ulong ps = Ptr(src), pi = Ptr(iv), pd = Ptr(dst);
        Cuda.Launch1D(KernelNames.IndexSelect(src.DType), g.N, [(nint)(&g), (nint)(&ig), (nint)(&ps), (nint)(&pi), (nint)(&pd)]);
    }

    public void IndexAdd(View dst, int dim, View index, View src)
    {
        if (src.Numel == 0) return;
        using var idx = OnDevice(index, out var iv);
        var dstStrides = (int[])dst.Strides.Clone();
        dstStrides[dim] = 0;
        var g = Geometry.Uncoalesced(src.Shape, (src.Strides, src.Offset), (dstStrides, dst.Offset));
        var ig = IndexInfo(src.Shape, dim, dst.Strides[dim], iv);
        ulong ps = Ptr(src), pi = Ptr(iv), pd = Ptr(dst);
        Cuda.Launch1D(KernelNames.IndexAdd(src.DType), g.N, [(nint)(&g), (nint)(&ig), (nint)(&ps), (nint)(&pi), (nint)(&pd)]);
    }

    static IndexGeometry IndexInfo(int[] shape, int dim, int dimStride, View index)
    {
        int inner = 1;
        for (int d = dim + 1; d < shape.Length; d++) inner *= shape[d];
        return new IndexGeometry
        {
            Inner = inner, DimLen = shape[dim], DimStride = dimStride,
            IdxStride = index.Rank == 0 ? 0 : index.Strides[0], IdxOff = index.Offset,
        };
    }

    // PyTorch accepts CPU index tensors for CUDA data: upload them (the returned storage is freed by the caller's using).
    CudaStorage? OnDevice(View index, out View onDevice)
    {
        if (index.Storage is CudaStorage) { onDevice = index; return null; }
        var host = index.Storage.Backend.ToHost(index);
        var s = (CudaStorage)FromHost(host, index.DType);
        onDevice = new View(s, index.Shape, Size.ContiguousStrides(index.Shape), 0);
        return s;
    }
}
