// CPU index_select and index_add_: whole inner runs at a time on contiguous operands, slice by slice otherwise.
using System.Numerics;

namespace Mnist.Scripting.Backends.Cpu;

internal sealed partial class CpuBackend
{
    public void IndexSelect(View src, int dim, View index, View dst)
    {
        if (RunsWhole(src, dst, index))
        {
            Gather(src, dim, index, dst);
            return;
        }
        ForEachSlice(src, dst, dim, index, (s, d) => Copy(s, d));
    }

    public void IndexAdd(View dst, int dim, View index, View src)
    {
        if (RunsWhole(src, dst, index))
        {
            Scatter(dst, dim, index, src);
            return;
        }
        ForEachSlice(dst, src, dim, index, (d, s) => Binary(BinaryOp.Add, d, s, d));
    }

    // Contiguous operands of one dtype take the fast paths (Gather, Scatter) over whole inner runs.
    static bool RunsWhole(View src, View dst, View index) => src.IsContiguous && dst.IsContiguous && index.IsContiguous && src.DType == dst.DType;

    // The general (strided) path of both: for each j, the slice of `indexed` at row index[j] along dim and the slice of
    // `dense` at row j, each with dim of size 1.
    static void ForEachSlice(View indexed, View dense, int dim, View index, Action<View, View> body)
    {
        var idx = (long[])Arr(index);
        int n = (int)index.Numel, step = index.Rank == 0 ? 0 : index.Strides[0];
        var sliceShape = dense.Shape.ToArray(); sliceShape[dim] = 1;
        for (int j = 0; j < n; j++)
        {
            long i = idx[index.Offset + j * step];
            body(indexed with { Shape = sliceShape, Offset = indexed.Offset + (int)i * indexed.Strides[dim] },
                 dense with { Shape = sliceShape, Offset = dense.Offset + j * dense.Strides[dim] });
        }
    }

    // Contiguous operands seen as [outer, size, inner]: gather/scatter whole inner runs (an im2col is one Gather).
    static (int outer, int inner) Around(int[] shape, int dim)
    {
        int outer = 1, inner = 1;
        for (int d = 0; d < dim; d++) outer *= shape[d];
        for (int d = dim + 1; d < shape.Length; d++) inner *= shape[d];
        return (outer, inner);
    }

    static void Gather(View src, int dim, View index, View dst)
    {
        var (outer, inner) = Around(src.Shape, dim);
        var idx = ((long[])Arr(index)).AsSpan(index.Offset, (int)index.Numel);
        int sn = src.Shape[dim], n = idx.Length;
        var sa = Arr(src); var da = Arr(dst);
        for (int o = 0; o < outer; o++)
        {
            int sBase = src.Offset + o * sn * inner, dBase = dst.Offset + o * n * inner;
            if (inner == 1)
                GatherRow(sa, sBase, da, dBase, idx);
            else
                for (int j = 0; j < n; j++) Array.Copy(sa, sBase + (int)idx[j] * inner, da, dBase + j * inner, inner);
        }
    }

    static void GatherRow(Array sa, int sBase, Array da, int dBase, ReadOnlySpan<long> idx)
    {
        switch (sa)
        {
            case float[] s: { var d = (float[])da; for (int j = 0; j < idx.Length; j++) d[dBase + j] = s[sBase + (int)idx[j]]; break; }
            case double[] s: { var d = (double[])da; for (int j = 0; j < idx.Length; j++) d[dBase + j] = s[sBase + (int)idx[j]]; break; }
            case long[] s: { var d = (long[])da; for (int j = 0; j < idx.Length; j++) d[dBase + j] = s[sBase + (int)idx[j]]; break; }
            case byte[] s: { var d = (byte[])da; for (int j = 0; j < idx.Length; j++) d[dBase + j] = s[sBase + (int)idx[j]]; break; }
        }
    }

    static void Scatter(View dst, int dim, View index, View src)
    {
        var (outer, inner) = Around(dst.Shape, dim);
        var idx = ((long[])Arr(index)).AsSpan(index.Offset, (int)index.Numel);
        int dn = dst.Shape[dim], n = idx.Length;
        switch (Arr(src))
        {
            case float[] s: ScatterAdd(s, src.Offset, (float[])Arr(dst), dst.Offset, outer, inner, dn, idx); break;
            case double[] s: ScatterAdd(s, src.Offset, (double[])Arr(dst), dst.Offset, outer, inner, dn, idx); break;
            case long[] s: ScatterAdd(s, src.Offset, (long[])Arr(dst), dst.Offset, outer, inner, dn, idx); break;
            case byte[] s: ScatterAdd(s, src.Offset, (byte[])Arr(dst), dst.Offset, outer, inner, dn, idx); break;
        }
    }

    static void ScatterAdd<T>(T[] s, int sOff, T[] d, int dOff, int outer, int inner, int dn, ReadOnlySpan<long> idx) where T : INumber<T>
    {
        int n = idx.Length;
        for (int o = 0; o < outer; o++)
        {
            int sBase = sOff + o * n * inner, dBase = dOff + o * dn * inner;
            for (int j = 0; j < n; j++)
            {
                int dRow = dBase + (int)idx[j] * inner, sRow = sBase + j * inner;
                for (int t = 0; t < inner; t++) d[dRow + t] += s[sRow + t];
            }
        }
    }
}
