// 2×2, stride-2 max pooling of one output row of a float plane, 16 windows at a time on AVX-512, with PyTorch's rule
// (`e > best || isnan(e)` over top-left, top-right, bottom-left, bottom-right: the first of tied maxima wins, a NaN wins
// and a later NaN takes the index). The scalar loop it replaces branched on which element won, a misprediction about
// every other window on real activations: 1.3 ms for the chapter CNN's first pooling of a batch of 64.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mnist.Scripting.Backends.Cpu;

internal static class MaxPool512
{
    internal static bool Supported => Avx512F.IsSupported;

    static readonly Vector512<int> Even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    static readonly Vector512<int> Odd = Even + Vector512<int>.One;

    /// <summary>
    /// Output row <paramref name="oy"/> of a plane (input rows of <paramref name="wd"/>, <paramref name="wo"/> windows per
    /// row; argmax as an offset inside the plane). Whole vectors are read and written, past the row's end into later rows
    /// (which are computed after this one); returns false, having done nothing, where they would leave the plane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool Row(ReadOnlySpan<float> x, Span<float> v, Span<long> idx, int wd, int wo, int oy)
    {
        int r0 = 2 * oy * wd, r1 = r0 + wd, o = oy * wo, last = (wo - 1) / 16 * 16;
        if (r1 + 2 * last + 32 > x.Length || o + last + 16 > v.Length || o + last + 16 > idx.Length) return false;
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float v0 = ref MemoryMarshal.GetReference(v);
        ref long i0 = ref MemoryMarshal.GetReference(idx);
        for (int ox = 0; ox <= last; ox += 16)
        {
            int q = 2 * ox;
            Vector512<float> t0 = Vector512.LoadUnsafe(ref x0, (nuint)(r0 + q)), t1 = Vector512.LoadUnsafe(ref x0, (nuint)(r0 + q + 16));
            Vector512<float> b0 = Vector512.LoadUnsafe(ref x0, (nuint)(r1 + q)), b1 = Vector512.LoadUnsafe(ref x0, (nuint)(r1 + q + 16));
            var best = Avx512F.PermuteVar16x32x2(t0, Even, t1);
            var at = Vector512.Create(r0 + q) + Even;
            Take(ref best, ref at, Avx512F.PermuteVar16x32x2(t0, Odd, t1), Vector512.Create(r0 + q) + Odd);
            Take(ref best, ref at, Avx512F.PermuteVar16x32x2(b0, Even, b1), Vector512.Create(r1 + q) + Even);
            Take(ref best, ref at, Avx512F.PermuteVar16x32x2(b0, Odd, b1), Vector512.Create(r1 + q) + Odd);
            best.StoreUnsafe(ref v0, (nuint)(o + ox));
            var (lo, hi) = Vector512.Widen(at);
            lo.StoreUnsafe(ref i0, (nuint)(o + ox));
            hi.StoreUnsafe(ref i0, (nuint)(o + ox + 8));
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Take(ref Vector512<float> best, ref Vector512<int> at, Vector512<float> e, Vector512<int> atE)
    {
        var take = Vector512.GreaterThan(e, best) | ~Vector512.Equals(e, e);
        best = Vector512.ConditionalSelect(take, e, best);
        at = Vector512.ConditionalSelect(take.AsInt32(), atE, at);
    }
}
