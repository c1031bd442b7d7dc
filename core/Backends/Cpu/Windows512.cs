// Stride-1 unfold (im2col) and fold (col2im) of one float plane on AVX-512, through a zero-padded copy of the plane:
// every output row of every kernel tap is then a plain 16-wide load from the padded plane (unfold) or a 16-wide add
// into a padded accumulator (fold), with no bounds or padding logic per row. The chapter's rows are 14 and 28 pixels,
// and the scalar loops paid more per row than for the row's elements (conv2's unfold 215 us, fold 386 us per batch
// of 64). Same values as the scalar loops, bit for bit: unfold copies; fold adds each pixel's terms in the same
// (i, j, oy) order onto zero.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mnist.Scripting.Backends.Cpu;

internal static class Windows512
{
    /// <summary>On where the CPU has AVX-512; tests switch it off to compare with the scalar loops.</summary>
    internal static bool Enabled { get; set; } = Avx512F.IsSupported;

    internal static bool Takes(Window2d w) => Enabled && w.Stride == 1;

    [ThreadStatic] static float[]? padded;

    // The plane's zero-padded copy (or a zeroed accumulator) with 32 floats of slack for whole-vector reads past its end.
    static Span<float> Padded(Window2d w)
    {
        int n = (w.H + 2 * w.Padding) * (w.W + 2 * w.Padding) + 32;
        if (padded is null || padded.Length < n) padded = new float[n];
        var p = padded.AsSpan(0, n);
        p.Clear();
        return p;
    }

    // Lanes [0, n) set, for the last chunk of a row.
    static Vector512<float> FirstLanes(int n) =>
        Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(n)).AsSingle();

    /// <summary>Plane (b, ch) of x (at <paramref name="plane"/>) into its k·k rows of the columns d (row length <paramref name="cols"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void UnfoldPlane(ReadOnlySpan<float> plane, Span<float> d, long cols, Window2d w, int b, int ch)
    {
        int p = w.Padding, k = w.K, wp = w.W + 2 * p, ho = w.Ho, wo = w.Wo;
        var pad = Padded(w);
        for (int y = 0; y < w.H; y++) plane.Slice(y * w.W, w.W).CopyTo(pad.Slice((y + p) * wp + p));
        ref float src0 = ref MemoryMarshal.GetReference(pad);
        ref float d0 = ref MemoryMarshal.GetReference(d);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                long seg = ((long)(ch * k + i) * k + j) * cols + (long)b * ho * wo;
                for (int oy = 0; oy < ho; oy++)
                {
                    int s = (oy + i) * wp + j;
                    long o = seg + (long)oy * wo;
                    int c0 = 0;
                    for (; c0 + 16 <= wo; c0 += 16) Vector512.LoadUnsafe(ref src0, (nuint)(s + c0)).StoreUnsafe(ref d0, (nuint)(o + c0));
                    if (c0 == wo) continue;
                    // The row's last, partial chunk: a whole store runs into the next rows, which are written after
                    // this one, unless it would pass the segment's end (the next segment is another plane's): then
                    // element by element.
                    if (o + c0 + 16 <= seg + (long)ho * wo) Vector512.LoadUnsafe(ref src0, (nuint)(s + c0)).StoreUnsafe(ref d0, (nuint)(o + c0));
                    else for (; c0 < wo; c0++) Unsafe.Add(ref d0, (nint)(o + c0)) = Unsafe.Add(ref src0, s + c0);
                }
            }
    }

    /// <summary>
    /// The sum of the columns' entries that read plane (b, ch), into <paramref name="plane"/> (overwritten). False when
    /// whole-vector reads of this plane's last segment would pass the end of <paramref name="cols"/> (the caller then
    /// runs the scalar loop).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool FoldPlane(ReadOnlySpan<float> colsData, long cols, Span<float> plane, Window2d w, int b, int ch)
    {
        int p = w.Padding, k = w.K, wp = w.W + 2 * p, ho = w.Ho, wo = w.Wo;
        long last = ((long)(ch * k + k - 1) * k + k - 1) * cols + (long)b * ho * wo + (long)(ho - 1) * wo + (wo - 1) / 16 * 16 + 16;
        if (last > colsData.Length) return false;
        var acc = Padded(w);
        ref float a0 = ref MemoryMarshal.GetReference(acc);
        ref float c0ref = ref MemoryMarshal.GetReference(colsData);
        var tail = FirstLanes(wo % 16 == 0 ? 16 : wo % 16);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                long seg = ((long)(ch * k + i) * k + j) * cols + (long)b * ho * wo;
                for (int oy = 0; oy < ho; oy++)
                {
                    int t = (oy + i) * wp + j;
                    long o = seg + (long)oy * wo;
                    for (int c0 = 0; c0 < wo; c0 += 16)
                    {
                        var v = Vector512.LoadUnsafe(ref c0ref, (nuint)(o + c0));
                        if (c0 + 16 > wo) v &= tail;   // lanes past the row are the next row's terms: add zeros there
                        (Vector512.LoadUnsafe(ref a0, (nuint)(t + c0)) + v).StoreUnsafe(ref a0, (nuint)(t + c0));
                    }
                }
            }
        for (int y = 0; y < w.H; y++) acc.Slice((y + p) * wp + p, w.W).CopyTo(plane.Slice(y * w.W, w.W));
        return true;
    }
}
