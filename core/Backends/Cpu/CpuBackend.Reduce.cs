// CPU reductions, batched matmul and index gather/scatter-add.
using System.Numerics;

namespace Mnist.Scripting.Backends.Cpu;

internal sealed partial class CpuBackend
{
    public void Reduce(ReduceOp op, View x, int[] dims, View dst)
    {
        if (op is ReduceOp.ArgMax or ReduceOp.ArgMin) { ArgReduce(op == ReduceOp.ArgMax, x, dims[0], dst); return; }
        // dst seen with x's shape: stride 0 along reduced dims, so one walk over x accumulates into it.
        var expanded = (int[])dst.Strides.Clone();
        foreach (var d in dims) expanded[d] = 0;
        var dv = dst with { Shape = x.Shape, Strides = expanded };
        switch (Arr(x))
        {
            case float[] f: Reduce(op, f, (float[])Arr(dst), x, dst, dv); break;
            case double[] d: Reduce(op, d, (double[])Arr(dst), x, dst, dv); break;
            case long[] l: Reduce(op, l, (long[])Arr(dst), x, dst, dv); break;
            case byte[] b: Reduce(op, b, (byte[])Arr(dst), x, dst, dv); break;
        }
    }

    void Reduce<T>(ReduceOp op, T[] x, T[] d, View xv, View dst, View dv) where T : INumber<T>, IMinMaxValue<T>
    {
        if (op == ReduceOp.Sum)
        {
            Fill(dst, 0);
            Run(new SumRow<T>(x, d), xv, false, xv, dv);
            return;
        }
        bool max = op == ReduceOp.Max;
        T init = typeof(T) == typeof(float) ? (T)(object)(max ? float.NegativeInfinity : float.PositiveInfinity)
               : typeof(T) == typeof(double) ? (T)(object)(max ? double.NegativeInfinity : double.PositiveInfinity)
               : max ? T.MinValue : T.MaxValue;
        Run(new FillRow<T>(d, init), dst, false, dst);
        Run(new ExtremumRow<T>(x, d, max), xv, false, xv, dv);
    }

    void ArgReduce(bool max, View x, int dim, View dst)
    {
        // Move dim last and make rows contiguous, then scan each row.
        int rank = x.Rank;
        var perm = Enumerable.Range(0, rank).Where(i => i != dim).Append(dim).ToArray();
        var pShape = perm.Select(i => x.Shape[i]).ToArray();
        var pStrides = perm.Select(i => x.Strides[i]).ToArray();
        var tmp = new View(Allocate(x.DType, (int)x.Numel), pShape, Size.ContiguousStrides(pShape), 0);
        Copy(x with { Shape = pShape, Strides = pStrides }, tmp);
        int len = x.Shape[dim], rows = len == 0 ? 0 : (int)(x.Numel / len);
        var outv = (long[])Arr(dst);
        var res = dst.IsContiguous && dst.Offset == 0 ? outv : new long[rows];
        switch (Arr(tmp))
        {
            case float[] f: ArgExtremum.Rows(f, rows, len, res, max); break;
            case double[] d: ArgExtremum.Rows(d, rows, len, res, max); break;
            case long[] l: ArgExtremum.Rows(l, rows, len, res, max); break;
            case byte[] b: ArgExtremum.Rows(b, rows, len, res, max); break;
        }
        if (!ReferenceEquals(res, outv)) Copy(new View(Wrap(res, DType.Int64), dst.Shape, Size.ContiguousStrides(dst.Shape), 0), dst);
    }

    public void MatMul(View a, View b, View dst)
    {
        int batch = a.Shape[0], m = a.Shape[1], k = a.Shape[2], n = b.Shape[2];
        var c = Arr(dst);
        // A batch of a's against one shared b (stride 0) is a single tall GEMM when a's rows are contiguous.
        if (batch > 1 && b.Strides[0] == 0 && a.IsContiguous)
        {
            var (ta, aArr, aOff) = Operand(a with { Shape = [1, batch * m, k], Strides = [0, k, 1] });
            var (tb, bArr, bOff) = Operand(b);
            GemmOne(ta, tb, batch * m, n, k, aArr, aOff, bArr, bOff, c, dst.Offset);
            return;
        }
        for (int i = 0; i < batch; i++)
        {
            var ai = a with { Shape = [1, m, k], Offset = a.Offset + i * a.Strides[0] };
            var bi = b with { Shape = [1, k, n], Offset = b.Offset + i * b.Strides[0] };
            var (ta, aArr, aOff) = Operand(ai);
            var (tb, bArr, bOff) = Operand(bi);
            GemmOne(ta, tb, m, n, k, aArr, aOff, bArr, bOff, c, dst.Offset + i * m * n);
        }
    }

    // A 2-D operand usable by BLAS as is (row-major or transposed), or a contiguous copy of it.
    (bool trans, Array data, int offset) Operand(View v)
    {
        int rows = v.Shape[1], cols = v.Shape[2], rs = v.Strides[1], cs = v.Strides[2];
        if ((cs == 1 && (rs == cols || rows == 1)) || cols == 1 && rs == 1 && rows == 1) return (false, Arr(v), v.Offset);
        if (rs == 1 && (cs == rows || cols == 1)) return (true, Arr(v), v.Offset);
        var shape = new[] { rows, cols };
        var tmp = new View(Allocate(v.DType, rows * cols), shape, [cols, 1], 0);
        Copy(v with { Shape = shape, Strides = [rs, cs] }, tmp);
        return (false, Arr(tmp), 0);
    }

    static void GemmOne(bool ta, bool tb, int m, int n, int k, Array a, int aOff, Array b, int bOff, Array c, int cOff)
    {
        switch (c)
        {
            case float[] cf: Gemm.Sgemm(ta, tb, m, n, k, (float[])a, aOff, (float[])b, bOff, cf, cOff); break;
            case double[] cd: Gemm.Dgemm(ta, tb, m, n, k, (double[])a, aOff, (double[])b, bOff, cd, cOff); break;
            case long[] cl: NaiveGemm((long[])a, aOff, ta, (long[])b, bOff, tb, cl, cOff, m, n, k); break;
            case byte[] cb: NaiveGemm((byte[])a, aOff, ta, (byte[])b, bOff, tb, cb, cOff, m, n, k); break;
        }
    }

    // Integer matmul is rare (PyTorch allows it on CPU); a plain triple loop is enough.
    static void NaiveGemm<T>(T[] a, int ao, bool ta, T[] b, int bo, bool tb, T[] c, int co, int m, int n, int k) where T : INumber<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++) s += a[ao + (ta ? p * m + i : i * k + p)] * b[bo + (tb ? j * k + p : p * n + j)];
                c[co + i * n + j] = s;
            }
    }

    public void IndexSelect(View src, int dim, View index, View dst)
    {
        if (src.IsContiguous && dst.IsContiguous && index.IsContiguous && src.DType == dst.DType)
        {
            Gather(src, dim, index, dst);
            return;
        }
        var idx = (long[])Arr(index);
        int n = (int)index.Numel;
        // Each selected slice is a strided copy of src's sub-view into dst's slot.
        var sliceShape = src.Shape.ToArray(); sliceShape[dim] = 1;
        for (int j = 0; j < n; j++)
        {
            long i = idx[index.Offset + j * (index.Rank == 0 ? 0 : index.Strides[0])];
            Copy(src with { Shape = sliceShape, Offset = src.Offset + (int)i * src.Strides[dim] },
                 dst with { Shape = sliceShape, Offset = dst.Offset + j * dst.Strides[dim] });
        }
    }

    public void IndexAdd(View dst, int dim, View index, View src)
    {
        if (src.IsContiguous && dst.IsContiguous && index.IsContiguous && src.DType == dst.DType)
        {
            Scatter(dst, dim, index, src);
            return;
        }
        var idx = (long[])Arr(index);
        int n = (int)index.Numel;
        var sliceShape = src.Shape.ToArray(); sliceShape[dim] = 1;
        for (int j = 0; j < n; j++)
        {
            long i = idx[index.Offset + j * (index.Rank == 0 ? 0 : index.Strides[0])];
            var d = dst with { Shape = sliceShape, Offset = dst.Offset + (int)i * dst.Strides[dim] };
            Binary(BinaryOp.Add, d, src with { Shape = sliceShape, Offset = src.Offset + j * src.Strides[dim] }, d);
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
