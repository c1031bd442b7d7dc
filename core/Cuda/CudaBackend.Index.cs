// CUDA index_select and index_add_ (atomics), with CPU index tensors uploaded first as PyTorch allows.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Cuda;

public sealed unsafe partial class CudaBackend
{
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
        onDevice = new View(s, index.Shape, Shapes.ContiguousStrides(index.Shape), 0);
        return s;
    }
}
