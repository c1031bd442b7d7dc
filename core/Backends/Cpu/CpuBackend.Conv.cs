// CPU im2col (Unfold), col2im (Fold), max pooling with argmax and its backward, parallel over (n, c) planes; stride-1 rows are
// whole-span copies and adds (SIMD through TensorPrimitives).
using System.Numerics;
using System.Numerics.Tensors;

namespace Mnist.Scripting.Backends.Cpu;

internal sealed partial class CpuBackend
{
    public void Unfold(View x, Window2d w, View dst)
    {
        switch (Arr(x))
        {
            case float[] a: UnfoldT(a, x.Offset, (float[])Arr(dst), dst.Offset, w); break;
            case double[] a: UnfoldT(a, x.Offset, (double[])Arr(dst), dst.Offset, w); break;
            default: throw new NotSupportedException($"unfold: needs float32 or float64, got {x.DType.TorchName()}");
        }
    }

    public void Fold(View cols, Window2d w, View dst)
    {
        switch (Arr(cols))
        {
            case float[] a: FoldT(a, cols.Offset, (float[])Arr(dst), dst.Offset, w); break;
            case double[] a: FoldT(a, cols.Offset, (double[])Arr(dst), dst.Offset, w); break;
            default: throw new NotSupportedException($"fold: needs float32 or float64, got {cols.DType.TorchName()}");
        }
    }

    public void MaxPool2d(View x, Window2d w, View values, View indices)
    {
        var idx = (long[])Arr(indices);
        switch (Arr(x))
        {
            case float[] a: MaxPoolT(a, x.Offset, (float[])Arr(values), values.Offset, idx, indices.Offset, w); break;
            case double[] a: MaxPoolT(a, x.Offset, (double[])Arr(values), values.Offset, idx, indices.Offset, w); break;
            default: throw new NotSupportedException($"max_pool2d: needs float32 or float64, got {x.DType.TorchName()}");
        }
    }

    public void MaxPool2dBackward(View grad, View indices, Window2d w, View dst)
    {
        var idx = (long[])Arr(indices);
        switch (Arr(grad))
        {
            case float[] g: MaxPoolBackwardT(g, grad.Offset, idx, indices.Offset, (float[])Arr(dst), dst.Offset, w); break;
            case double[] g: MaxPoolBackwardT(g, grad.Offset, idx, indices.Offset, (double[])Arr(dst), dst.Offset, w); break;
            default: throw new NotSupportedException($"max_pool2d backward: needs float32 or float64, got {grad.DType.TorchName()}");
        }
    }

    // Per plane: clear, then add each window's gradient at its argmax in (oy, ox) order (the CUDA kernel's gather order).
    static void MaxPoolBackwardT<T>(T[] g, int gOff, long[] idx, int iOff, T[] d, int dOff, Window2d w) where T : unmanaged, INumber<T>
    {
        int hw = w.H * w.W, ohw = w.Ho * w.Wo;
        Parallel.For(0, w.N * w.C, ParallelIfLarge((long)w.N * w.C * (hw + ohw)), nc =>
        {
            var plane = d.AsSpan(dOff + nc * hw, hw);
            plane.Clear();
            var gp = g.AsSpan(gOff + nc * ohw, ohw);
            var ip = idx.AsSpan(iOff + nc * ohw, ohw);
            for (int o = 0; o < gp.Length; o++) plane[(int)ip[o]] += gp[o];
        });
    }

    // Output positions ox whose input column ox·s + j − p falls inside [0, W): [lo, hi).
    static (int lo, int hi) Inside(int j, int p, int s, int size, int outSize)
    {
        // Clamped: with padding wider than the input, no output position may reach inside at all.
        int lo = Math.Min(outSize, p - j <= 0 ? 0 : (p - j + s - 1) / s);
        int last = size - 1 + p - j;
        int hi = last < 0 ? 0 : Math.Min(outSize, last / s + 1);
        return (lo, Math.Max(lo, hi));
    }

    static void UnfoldT<T>(T[] x, int xOff, T[] d, int dOff, Window2d w) where T : unmanaged, INumber<T>
    {
        var (n, c, h, wd, k, s, p, ho, wo) = (w.N, w.C, w.H, w.W, w.K, w.Stride, w.Padding, w.Ho, w.Wo);
        long cols = (long)n * ho * wo;
        Parallel.For(0, n * c, ParallelIfLarge((long)n * c * k * k * ho * wo), nc =>
        {
            int b = nc / c, ch = nc % c;
            var plane = x.AsSpan(xOff + nc * h * wd, h * wd);
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                {
                    var row = d.AsSpan(dOff + (int)(((long)(ch * k + i) * k + j) * cols) + b * ho * wo, ho * wo);
                    var (lo, hi) = Inside(j, p, s, wd, wo);
                    for (int oy = 0; oy < ho; oy++)
                    {
                        var r = row.Slice(oy * wo, wo);
                        int y = oy * s + i - p;
                        if (y < 0 || y >= h) { r.Clear(); continue; }
                        r[..lo].Clear();
                        r[hi..].Clear();
                        if (hi == lo) continue;   // no column of this kernel tap reaches inside the input
                        int x0 = lo * s + j - p;
                        if (s == 1) plane.Slice(y * wd + x0, hi - lo).CopyTo(r[lo..hi]);
                        else for (int ox = lo; ox < hi; ox++) r[ox] = plane[y * wd + x0 + (ox - lo) * s];
                    }
                }
        });
    }

    static void FoldT<T>(T[] cols, int cOff, T[] d, int dOff, Window2d w) where T : unmanaged, INumber<T>
    {
        var (n, c, h, wd, k, s, p, ho, wo) = (w.N, w.C, w.H, w.W, w.K, w.Stride, w.Padding, w.Ho, w.Wo);
        long ncols = (long)n * ho * wo;
        // Each (n, c) plane gathers from its own rows, so planes run in parallel without races; a pixel receives its
        // terms in (i, j) order, as the CUDA kernel sums them.
        Parallel.For(0, n * c, ParallelIfLarge((long)n * c * k * k * ho * wo), nc =>
        {
            int b = nc / c, ch = nc % c;
            var plane = d.AsSpan(dOff + nc * h * wd, h * wd);
            plane.Clear();
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                {
                    var row = cols.AsSpan(cOff + (int)(((long)(ch * k + i) * k + j) * ncols) + b * ho * wo, ho * wo);
                    var (lo, hi) = Inside(j, p, s, wd, wo);
                    if (hi <= lo) continue;
                    for (int oy = 0; oy < ho; oy++)
                    {
                        int y = oy * s + i - p;
                        if (y < 0 || y >= h) continue;
                        if (hi == lo) continue;
                        var r = row.Slice(oy * wo + lo, hi - lo);
                        int x0 = lo * s + j - p;
                        if (s == 1) AddInto(plane.Slice(y * wd + x0, hi - lo), r);
                        else for (int t = 0; t < r.Length; t++) plane[y * wd + x0 + t * s] += r[t];
                    }
                }
        });
    }

    static void AddInto<T>(Span<T> dst, ReadOnlySpan<T> src) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float))
        {
            var df = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(dst);
            TensorPrimitives.Add(df, System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(src), df);
        }
        else if (typeof(T) == typeof(double))
        {
            var dd = System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(dst);
            TensorPrimitives.Add(dd, System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(src), dd);
        }
        else for (int t = 0; t < dst.Length; t++) dst[t] += src[t];
    }

    static void MaxPoolT<T>(T[] x, int xOff, T[] v, int vOff, long[] idx, int iOff, Window2d w) where T : unmanaged, INumber<T> =>
        Parallel.For(0, w.N * w.C, ParallelIfLarge((long)w.N * w.C * w.Ho * w.Wo * w.K * w.K),
            nc => MaxPoolPlane(x.AsSpan(xOff + nc * w.H * w.W, w.H * w.W), v.AsSpan(vOff + nc * w.Ho * w.Wo, w.Ho * w.Wo),
                               idx.AsSpan(iOff + nc * w.Ho * w.Wo, w.Ho * w.Wo), w.W, w.K, w.Stride, w.Ho, w.Wo));

    // One plane in a plain method (not the closure), so the JIT keeps the spans and sizes in registers. PyTorch's rule
    // `e > best || isnan(e)`: strictly greater keeps the first of tied maxima, and a NaN wins and stays (a later NaN
    // takes the index). The selects compile to conditional moves: on real data which element wins is
    // unpredictable, and branches on it cost a misprediction per window.
    static void MaxPoolPlane<T>(ReadOnlySpan<T> x, Span<T> v, Span<long> idx, int wd, int k, int s, int ho, int wo) where T : unmanaged, INumber<T>
    {
        if (k == 2 && s == 2)
        {
            for (int oy = 0; oy < ho; oy++)
            {
                int r0 = 2 * oy * wd, r1 = r0 + wd;
                var top = x.Slice(r0, 2 * wo);
                var bottom = x.Slice(r1, 2 * wo);
                var vo = v.Slice(oy * wo, wo);
                var io = idx.Slice(oy * wo, wo);
                for (int ox = 0; ox < wo; ox++)
                {
                    T best = top[2 * ox];
                    int at = r0 + 2 * ox;
                    T e = top[2 * ox + 1];
                    bool take = e > best | T.IsNaN(e);
                    best = take ? e : best; at = take ? r0 + 2 * ox + 1 : at;
                    e = bottom[2 * ox];
                    take = e > best | T.IsNaN(e);
                    best = take ? e : best; at = take ? r1 + 2 * ox : at;
                    e = bottom[2 * ox + 1];
                    take = e > best | T.IsNaN(e);
                    best = take ? e : best; at = take ? r1 + 2 * ox + 1 : at;
                    vo[ox] = best;
                    io[ox] = at;
                }
            }
            return;
        }
        for (int oy = 0; oy < ho; oy++)
            for (int ox = 0; ox < wo; ox++)
            {
                int at = oy * s * wd + ox * s;
                T best = x[at];
                for (int i = 0; i < k; i++)
                {
                    int rowStart = (oy * s + i) * wd + ox * s;
                    for (int j = 0; j < k; j++)
                    {
                        T e = x[rowStart + j];
                        bool take = e > best | T.IsNaN(e);
                        best = take ? e : best;
                        at = take ? rowStart + j : at;
                    }
                }
                v[oy * wo + ox] = best;
                idx[oy * wo + ox] = at;
            }
    }

    // Small problems stay on one thread: Parallel.For's overhead is a few microseconds.
    static ParallelOptions ParallelIfLarge(long work) => new() { MaxDegreeOfParallelism = work < 1 << 15 ? 1 : Backend.NumThreads };
}
