// CPU reductions: sum, max and min by one strided walk into a stride-0 output (split across threads along a kept dim
// when large); argmax/argmin over contiguous rows.
using System.Numerics;

namespace Mnist.Scripting.Backends.Cpu;

internal sealed partial class CpuBackend
{
    public void Reduce(ReduceOp op, View x, int[] dims, View dst)
    {
        if (op.IsArgReduce()) { ArgReduce(op == ReduceOp.ArgMax, x, dims[0], dst); return; }
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
            ForKeptChunks(xv, dv, (xs, ds) => Run(new SumRow<T>(x, d), xs, false, xs, ds));
            return;
        }
        bool max = op == ReduceOp.Max;
        T init = typeof(T) == typeof(float) ? (T)(object)(max ? float.NegativeInfinity : float.PositiveInfinity)
               : typeof(T) == typeof(double) ? (T)(object)(max ? double.NegativeInfinity : double.PositiveInfinity)
               : max ? T.MinValue : T.MaxValue;
        Run(new FillRow<T>(d, init), dst, false, dst);
        ForKeptChunks(xv, dv, (xs, ds) => Run(new ExtremumRow<T>(x, d, max), xs, false, xs, ds));
    }

    // A large reduction split across threads along a dim it keeps (after merging dims), so no two threads add into the
    // same output and each output sums its terms in the same order as on one thread: results are bit for bit the same.
    // Whole-tensor reductions (no kept dim) stay on one thread.
    static void ForKeptChunks(View xv, View dv, Action<View, View> body)
    {
        int threads = Backend.NumThreads;
        if (threads <= 1 || xv.Numel < StridedLoop.ParallelThreshold) { body(xv, dv); return; }
        var (shape, strides) = Layout.Coalesce(xv.Shape, [xv.Strides, dv.Strides]);
        int k = -1;
        for (int i = 0; i < shape.Length; i++)
            if (strides[1][i] != 0 && shape[i] > 1 && (k < 0 || shape[i] > shape[k])) k = i;
        if (k < 0) { body(xv, dv); return; }
        // Split on the innermost dim, a chunk one element wide would lose that dim when merged and walk its reduced dim
        // as the row instead (a different kernel, a different rounding): chunks there stay at least 2 wide.
        int minWidth = k == shape.Length - 1 ? 2 : 1;
        int workers = Math.Min(threads, shape[k] / minWidth);
        if (workers <= 1) { body(xv, dv); return; }
        // Every chunk gets at least minWidth: the first ones size / workers each, the last one the rest.
        int per = shape[k] / workers;
        Parallel.For(0, workers, w =>
        {
            int start = w * per, len = w == workers - 1 ? shape[k] - start : per;
            var sub = (int[])shape.Clone();
            sub[k] = len;
            body(new View(xv.Storage, sub, strides[0], xv.Offset + start * strides[0][k]),
                 new View(dv.Storage, (int[])sub.Clone(), strides[1], dv.Offset + start * strides[1][k]));
        });
    }

    void ArgReduce(bool max, View x, int dim, View dst)
    {
        // Move dim last and make rows contiguous, then scan each row.
        int rank = x.Rank;
        var perm = Enumerable.Range(0, rank).Where(i => i != dim).Append(dim).ToArray();
        var pShape = perm.Select(i => x.Shape[i]).ToArray();
        var pStrides = perm.Select(i => x.Strides[i]).ToArray();
        var tmp = new View(Allocate(x.DType, (int)x.Numel), pShape, Shapes.ContiguousStrides(pShape), 0);
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
        if (!ReferenceEquals(res, outv)) Copy(new View(Wrap(res, DType.Int64), dst.Shape, Shapes.ContiguousStrides(dst.Shape), 0), dst);
    }
}
