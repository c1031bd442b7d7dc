// CPU im2col (Unfold), col2im (Fold), max pooling with argmax and its backward, parallel over (n, c) planes; stride-1 rows are
// whole-span copies and adds (SIMD through TensorPrimitives).
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        // UnfoldPlane indexes without bounds checks: an operand too short for the window (an internal error, such as a
        // buffer used after it was given back) stops here instead of reading or writing past the array.
        if (xOff < 0 || dOff < 0 || xOff + (long)w.N * w.C * w.H * w.W > x.Length || dOff + (long)w.C * w.K * w.K * w.N * w.Ho * w.Wo > d.Length)
            throw new InvalidOperationException($"unfold: operands of {x.Length} and {d.Length} elements are too small for a {w.K}x{w.K} window over [{w.N}, {w.C}, {w.H}, {w.W}] (internal error)");
        if (typeof(T) == typeof(float) && Windows512.Takes(w))
        {
            var (xf, df) = ((float[])(object)x, (float[])(object)d);
            long cols = (long)w.N * w.Ho * w.Wo;
            Parallel.For(0, w.N * w.C, ParallelIfLarge((long)w.N * w.C * w.K * w.K * w.Ho * w.Wo), nc =>
                Windows512.UnfoldPlane(xf.AsSpan(xOff + nc * w.H * w.W, w.H * w.W), df.AsSpan(dOff), cols, w, nc / w.C, nc % w.C));
            return;
        }
        Parallel.For(0, w.N * w.C, ParallelIfLarge((long)w.N * w.C * w.K * w.K * w.Ho * w.Wo), nc => UnfoldPlane(x, xOff, d, dOff, w, nc));
    }

    // One input plane into its k·k rows of the columns, in a plain method (not the closure) so the JIT keeps sizes in
    // registers. The chapter's rows are short (14 or 28 pixels), so the padding is written element by element and the
    // inside copied as one block: span slicing and clearing per row cost more than the row itself.
    static void UnfoldPlane<T>(T[] x, int xOff, T[] d, int dOff, Window2d w, int nc) where T : unmanaged, INumber<T>
    {
        var (c, h, wd, k, s, p, ho, wo) = (w.C, w.H, w.W, w.K, w.Stride, w.Padding, w.Ho, w.Wo);
        long cols = (long)w.N * ho * wo;
        int b = nc / c, ch = nc % c;
        ref T plane = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), xOff + nc * h * wd);
        ref T d0 = ref MemoryMarshal.GetArrayDataReference(d);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                ref T row = ref Unsafe.Add(ref d0, (nint)(dOff + ((long)(ch * k + i) * k + j) * cols + (long)b * ho * wo));
                var (lo, hi) = Inside(j, p, s, wd, wo);
                int x0 = lo * s + j - p;
                for (int oy = 0; oy < ho; oy++)
                {
                    ref T r = ref Unsafe.Add(ref row, oy * wo);
                    int y = oy * s + i - p;
                    if (y < 0 || y >= h) { for (int ox = 0; ox < wo; ox++) Unsafe.Add(ref r, ox) = T.Zero; continue; }
                    for (int ox = 0; ox < lo; ox++) Unsafe.Add(ref r, ox) = T.Zero;
                    for (int ox = hi; ox < wo; ox++) Unsafe.Add(ref r, ox) = T.Zero;
                    if (hi == lo) continue;   // no column of this kernel tap reaches inside the input
                    ref T src = ref Unsafe.Add(ref plane, y * wd + x0);
                    if (s == 1)
                        Unsafe.CopyBlockUnaligned(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref r, lo)), ref Unsafe.As<T, byte>(ref src), (uint)((hi - lo) * Unsafe.SizeOf<T>()));
                    else
                        for (int ox = lo; ox < hi; ox++) Unsafe.Add(ref r, ox) = Unsafe.Add(ref src, (ox - lo) * s);
                }
            }
    }

    static void FoldT<T>(T[] cols, int cOff, T[] d, int dOff, Window2d w) where T : unmanaged, INumber<T>
    {
        var (n, c, h, wd, k, s, p, ho, wo) = (w.N, w.C, w.H, w.W, w.K, w.Stride, w.Padding, w.Ho, w.Wo);
        long ncols = (long)n * ho * wo;
        // Each (n, c) plane gathers from its own rows, so planes run in parallel without races; a pixel receives its
        // terms in (i, j) order, as the CUDA kernel sums them.
        bool vector = typeof(T) == typeof(float) && Windows512.Takes(w);
        Parallel.For(0, n * c, ParallelIfLarge((long)n * c * k * k * ho * wo), nc =>
        {
            int b = nc / c, ch = nc % c;
            var plane = d.AsSpan(dOff + nc * h * wd, h * wd);
            if (vector && Windows512.FoldPlane(((float[])(object)cols).AsSpan(cOff), ncols, System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(plane), w, b, ch)) return;
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
            // The chapter's pooling: refs instead of spans, so the four compares per window are all the loop does.
            if (x.Length < (2 * ho - 1) * wd + 2 * wo || v.Length < ho * wo || idx.Length < ho * wo)
                throw new ArgumentException("max_pool2d: plane smaller than its windows (internal error)");
            ref T x0 = ref MemoryMarshal.GetReference(x);
            ref T v0 = ref MemoryMarshal.GetReference(v);
            ref long i0 = ref MemoryMarshal.GetReference(idx);
            bool vector = typeof(T) == typeof(float) && MaxPool512.Supported;
            for (int oy = 0; oy < ho; oy++)
            {
                if (vector && MaxPool512.Row(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(v), idx, wd, wo, oy)) continue;
                int r0 = 2 * oy * wd, r1 = r0 + wd;
                ref T top = ref Unsafe.Add(ref x0, r0);
                ref T bottom = ref Unsafe.Add(ref x0, r1);
                ref T vo = ref Unsafe.Add(ref v0, oy * wo);
                ref long io = ref Unsafe.Add(ref i0, oy * wo);
                for (int ox = 0; ox < wo; ox++)
                {
                    int q = 2 * ox;
                    T best = Unsafe.Add(ref top, q);
                    int at = r0 + q;
                    T e = Unsafe.Add(ref top, q + 1);
                    bool take = e > best | T.IsNaN(e);
                    best = take ? e : best; at = take ? r0 + q + 1 : at;
                    e = Unsafe.Add(ref bottom, q);
                    take = e > best | T.IsNaN(e);
                    best = take ? e : best; at = take ? r1 + q : at;
                    e = Unsafe.Add(ref bottom, q + 1);
                    take = e > best | T.IsNaN(e);
                    best = take ? e : best; at = take ? r1 + q + 1 : at;
                    Unsafe.Add(ref vo, ox) = best;
                    Unsafe.Add(ref io, ox) = at;
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
