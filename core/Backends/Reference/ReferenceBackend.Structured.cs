// The reference backend's primitives that are more than elementwise: reductions, the batched matrix product, index
// select/add and the 2-d window ops, each the textbook loop with a float64 (or int64) accumulator.
namespace Mnist.Scripting.Backends.Reference;

internal sealed partial class ReferenceBackend
{
    public void Reduce(ReduceOp op, View x, int[] dims, View dst)
    {
        var xs = Data(x);
        var d = Data(dst);
        int outN = (int)dst.Numel;
        bool integer = !x.DType.IsFloatingPoint();
        var acc = new double[outN];
        var accLong = new long[outN];
        var best = new double[outN];
        var bestAt = new long[outN];
        var seen = new bool[outN];
        var reduced = new bool[x.Rank];
        foreach (var dim in dims) reduced[dim] = true;
        int argDim = dims.Length == 1 ? dims[0] : -1;
        var outStrides = Contiguous(dst.Shape);
        foreach (var (idx, off) in Elements(x))
        {
            int o = 0;
            for (int k = 0; k < x.Rank; k++) if (!reduced[k]) o += idx[k] * outStrides[k];
            double v = Get(xs, off);
            switch (op)
            {
                case ReduceOp.Sum:
                    if (integer) accLong[o] += GetLong(xs, off); else acc[o] += v;
                    break;
                default:
                    // torch's rule: a NaN wins (the first one), else the first of tied extremes.
                    bool better = !seen[o] || (!double.IsNaN(best[o]) && (double.IsNaN(v) ||
                                  (op is ReduceOp.Max or ReduceOp.ArgMax ? v > best[o] : v < best[o])));
                    if (better) { best[o] = v; bestAt[o] = argDim >= 0 ? idx[argDim] : 0; seen[o] = true; }
                    break;
            }
        }
        var dOffsets = Offsets(dst).ToArray();
        for (int o = 0; o < outN; o++)
        {
            switch (op)
            {
                case ReduceOp.Sum when integer: SetLong(d, dOffsets[o], accLong[o], dst.DType); break;
                case ReduceOp.Sum: Set(d, dOffsets[o], acc[o], dst.DType); break;
                case ReduceOp.ArgMax or ReduceOp.ArgMin: SetLong(d, dOffsets[o], bestAt[o], dst.DType); break;
                default: Set(d, dOffsets[o], best[o], dst.DType); break;
            }
        }
    }

    public void MatMul(View a, View b, View dst)
    {
        int batch = a.Shape[0], m = a.Shape[1], k = a.Shape[2], n = b.Shape[2];
        var (xa, xb, c) = (Data(a), Data(b), Data(dst));
        bool integer = !dst.DType.IsFloatingPoint();
        for (int bi = 0; bi < batch; bi++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    long sl = 0;
                    int ao = a.Offset + bi * a.Strides[0] + i * a.Strides[1], bo = b.Offset + bi * b.Strides[0] + j * b.Strides[2];
                    for (int p = 0; p < k; p++, ao += a.Strides[2], bo += b.Strides[1])
                        if (integer) sl += GetLong(xa, ao) * GetLong(xb, bo); else s += Get(xa, ao) * Get(xb, bo);
                    if (integer) SetLong(c, At(dst, bi, i, j), sl, dst.DType); else Set(c, At(dst, bi, i, j), s, dst.DType);
                }
    }

    public void IndexSelect(View src, int dim, View index, View dst)
    {
        var (s, ix, d) = (Data(src), Data(index), Data(dst));
        foreach (var (idx, off) in Elements(dst))
        {
            var from = (int[])idx.Clone();
            from[dim] = (int)GetLong(ix, At(index, idx[dim]));
            Move(s, At(src, from), d, off, dst.DType);
        }
    }

    public void IndexAdd(View dst, int dim, View index, View src)
    {
        var (s, ix, d) = (Data(src), Data(index), Data(dst));
        foreach (var (idx, off) in Elements(src))
        {
            var to = (int[])idx.Clone();
            to[dim] = (int)GetLong(ix, At(index, idx[dim]));
            int t = At(dst, to);
            if (dst.DType.IsFloatingPoint()) Set(d, t, Get(d, t) + Get(s, off), dst.DType);
            else SetLong(d, t, GetLong(d, t) + GetLong(s, off), dst.DType);
        }
    }

    /// <summary>
    /// Every (cols row, cols column) of a window op with the pixel (n, c, y, x) it reads, padding included (Inside is
    /// false there): row (c·k + i)·k + j, column (n·Ho + oy)·Wo + ox, as Unfold's contract lays them out.
    /// </summary>
    static IEnumerable<(int Row, int Col, int N, int C, int Y, int X, bool Inside)> Taps(Window2d w)
    {
        for (int c = 0; c < w.C; c++)
            for (int i = 0; i < w.K; i++)
                for (int j = 0; j < w.K; j++)
                    for (int n = 0; n < w.N; n++)
                        for (int oy = 0; oy < w.Ho; oy++)
                            for (int ox = 0; ox < w.Wo; ox++)
                            {
                                int y = oy * w.Stride + i - w.Padding, x = ox * w.Stride + j - w.Padding;
                                yield return ((c * w.K + i) * w.K + j, (n * w.Ho + oy) * w.Wo + ox, n, c, y, x,
                                              y >= 0 && y < w.H && x >= 0 && x < w.W);
                            }
    }

    public void Unfold(View x, Window2d w, View dst)
    {
        var (xs, d) = (Data(x), Data(dst));
        foreach (var t in Taps(w))
            Set(d, At(dst, t.Row, t.Col), t.Inside ? Get(xs, At(x, t.N, t.C, t.Y, t.X)) : 0, dst.DType);
    }

    public void Fold(View cols, Window2d w, View dst)
    {
        var cs = Data(cols);
        var sum = new double[w.N * w.C * w.H * w.W];
        foreach (var t in Taps(w).Where(t => t.Inside))
            sum[((t.N * w.C + t.C) * w.H + t.Y) * w.W + t.X] += Get(cs, At(cols, t.Row, t.Col));
        WriteAll(dst, sum);
    }

    public void MaxPool2d(View x, Window2d w, View values, View indices)
    {
        var (xs, vs, ixs) = (Data(x), Data(values), Data(indices));
        for (int n = 0; n < w.N; n++)
            for (int c = 0; c < w.C; c++)
                for (int oy = 0; oy < w.Ho; oy++)
                    for (int ox = 0; ox < w.Wo; ox++)
                    {
                        // PyTorch's loop: from -inf at the window's first element, a larger value or any NaN takes
                        // over, so the first of tied maxima wins and, among NaNs, the last.
                        double best = double.NegativeInfinity;
                        long at = oy * w.Stride * w.W + ox * w.Stride;
                        for (int i = 0; i < w.K; i++)
                            for (int j = 0; j < w.K; j++)
                            {
                                int y = oy * w.Stride + i, xx = ox * w.Stride + j;
                                double v = Get(xs, At(x, n, c, y, xx));
                                if (v > best || double.IsNaN(v)) { best = v; at = y * w.W + xx; }
                            }
                        Set(vs, At(values, n, c, oy, ox), best, values.DType);
                        SetLong(ixs, At(indices, n, c, oy, ox), at, DType.Int64);
                    }
    }

    public void MaxPool2dBackward(View grad, View indices, Window2d w, View dst)
    {
        var (g, ixs) = (Data(grad), Data(indices));
        var sum = new double[w.N * w.C * w.H * w.W];
        for (int n = 0; n < w.N; n++)
            for (int c = 0; c < w.C; c++)
                for (int oy = 0; oy < w.Ho; oy++)
                    for (int ox = 0; ox < w.Wo; ox++)
                        sum[(n * w.C + c) * w.H * w.W + GetLong(ixs, At(indices, n, c, oy, ox))] += Get(g, At(grad, n, c, oy, ox));
        WriteAll(dst, sum);
    }

    static void Move(Array from, int i, Array to, int j, DType t)
    {
        if (t.IsFloatingPoint()) Set(to, j, Get(from, i), t); else SetLong(to, j, GetLong(from, i), t);
    }
}
