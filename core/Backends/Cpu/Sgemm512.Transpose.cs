// Sgemm512's dot-form products run in the broadcast form instead when B is wide enough: B [n, k] is first transposed
// into [k, n] scratch, 16×16 blocks at a time on AVX-512 (a scalar loop elsewhere and for the edges).
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mnist.Scripting.Backends.Cpu;

internal static unsafe partial class Sgemm512
{
    /// <summary>
    /// Whether A·Bᵀ is faster as A·(Bᵀ copied): with n filling whole 16-lane vectors, the broadcast form plus the
    /// transposition (7-10 us for a [128, 784] weight) took 8% less time than the dot form at 48 rows of A, 15-20% less
    /// from 128 rows up, and 9% more at 32 (bench/NOTES.md section 18).
    /// </summary>
    static bool TransposesB(int m, int n) => m >= 48 && n >= 64 && n % 16 == 0;

    static void BroadcastTransposed(int m, int n, int k, float* a, float* b, float* c, int threads)
    {
        // The transposed copy is scratch from the CPU backend's pool, which tensors of the same size share and which
        // gives its arrays back to the GC once unused.
        var scratch = (float[])ScratchPool.Rent(DType.Float32, n * k);
        try
        {
            fixed (float* bt = scratch)
            {
                Transpose(b, n, k, bt);
                Broadcast(false, m, n, k, a, bt, c, threads);
            }
        }
        finally { ScratchPool.Return(scratch); }
    }

    /// <summary>dst [cols, rows] = src [rows, cols]ᵀ, both contiguous.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Transpose(float* src, int rows, int cols, float* dst)
    {
        int r0 = 0;
        if (Avx512F.IsSupported)
            for (; r0 + 16 <= rows; r0 += 16)
            {
                int c0 = 0;
                for (; c0 + 16 <= cols; c0 += 16) Transpose16(src + r0 * cols + c0, cols, dst + c0 * rows + r0, rows);
                for (; c0 < cols; c0++)
                    for (int i = 0; i < 16; i++) dst[c0 * rows + r0 + i] = src[(r0 + i) * cols + c0];
            }
        for (; r0 < rows; r0++)
            for (int c = 0; c < cols; c++) dst[c * rows + r0] = src[r0 * cols + c];
    }

    // One 16×16 block: 32-bit then 64-bit interleaves of row pairs, then two rounds of 128-bit lane shuffles.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Transpose16(float* s, int ls, float* d, int ld)
    {
        var r0 = Vector512.Load(s); var r1 = Vector512.Load(s + ls); var r2 = Vector512.Load(s + 2 * ls); var r3 = Vector512.Load(s + 3 * ls);
        var r4 = Vector512.Load(s + 4 * ls); var r5 = Vector512.Load(s + 5 * ls); var r6 = Vector512.Load(s + 6 * ls); var r7 = Vector512.Load(s + 7 * ls);
        var r8 = Vector512.Load(s + 8 * ls); var r9 = Vector512.Load(s + 9 * ls); var ra = Vector512.Load(s + 10 * ls); var rb = Vector512.Load(s + 11 * ls);
        var rc = Vector512.Load(s + 12 * ls); var rd = Vector512.Load(s + 13 * ls); var re = Vector512.Load(s + 14 * ls); var rf = Vector512.Load(s + 15 * ls);
        var t0 = Avx512F.UnpackLow(r0, r1); var t1 = Avx512F.UnpackHigh(r0, r1); var t2 = Avx512F.UnpackLow(r2, r3); var t3 = Avx512F.UnpackHigh(r2, r3);
        var t4 = Avx512F.UnpackLow(r4, r5); var t5 = Avx512F.UnpackHigh(r4, r5); var t6 = Avx512F.UnpackLow(r6, r7); var t7 = Avx512F.UnpackHigh(r6, r7);
        var t8 = Avx512F.UnpackLow(r8, r9); var t9 = Avx512F.UnpackHigh(r8, r9); var ta = Avx512F.UnpackLow(ra, rb); var tb = Avx512F.UnpackHigh(ra, rb);
        var tc = Avx512F.UnpackLow(rc, rd); var td = Avx512F.UnpackHigh(rc, rd); var te = Avx512F.UnpackLow(re, rf); var tf = Avx512F.UnpackHigh(re, rf);
        r0 = Lo64(t0, t2); r1 = Hi64(t0, t2); r2 = Lo64(t1, t3); r3 = Hi64(t1, t3);
        r4 = Lo64(t4, t6); r5 = Hi64(t4, t6); r6 = Lo64(t5, t7); r7 = Hi64(t5, t7);
        r8 = Lo64(t8, ta); r9 = Hi64(t8, ta); ra = Lo64(t9, tb); rb = Hi64(t9, tb);
        rc = Lo64(tc, te); rd = Hi64(tc, te); re = Lo64(td, tf); rf = Hi64(td, tf);
        // Each 128-bit lane q of r0..r3 now holds column 4q + (0..3) of rows 0-3; of r4..r7 rows 4-7, and so on.
        t0 = Avx512F.Shuffle4x128(r0, r4, 0x88); t1 = Avx512F.Shuffle4x128(r1, r5, 0x88); t2 = Avx512F.Shuffle4x128(r2, r6, 0x88); t3 = Avx512F.Shuffle4x128(r3, r7, 0x88);
        t4 = Avx512F.Shuffle4x128(r0, r4, 0xdd); t5 = Avx512F.Shuffle4x128(r1, r5, 0xdd); t6 = Avx512F.Shuffle4x128(r2, r6, 0xdd); t7 = Avx512F.Shuffle4x128(r3, r7, 0xdd);
        t8 = Avx512F.Shuffle4x128(r8, rc, 0x88); t9 = Avx512F.Shuffle4x128(r9, rd, 0x88); ta = Avx512F.Shuffle4x128(ra, re, 0x88); tb = Avx512F.Shuffle4x128(rb, rf, 0x88);
        tc = Avx512F.Shuffle4x128(r8, rc, 0xdd); td = Avx512F.Shuffle4x128(r9, rd, 0xdd); te = Avx512F.Shuffle4x128(ra, re, 0xdd); tf = Avx512F.Shuffle4x128(rb, rf, 0xdd);
        Vector512.Store(Avx512F.Shuffle4x128(t0, t8, 0x88), d);
        Vector512.Store(Avx512F.Shuffle4x128(t1, t9, 0x88), d + ld);
        Vector512.Store(Avx512F.Shuffle4x128(t2, ta, 0x88), d + 2 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(t3, tb, 0x88), d + 3 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(t4, tc, 0x88), d + 4 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(t5, td, 0x88), d + 5 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(t6, te, 0x88), d + 6 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(t7, tf, 0x88), d + 7 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(t0, t8, 0xdd), d + 8 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(t1, t9, 0xdd), d + 9 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(t2, ta, 0xdd), d + 10 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(t3, tb, 0xdd), d + 11 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(t4, tc, 0xdd), d + 12 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(t5, td, 0xdd), d + 13 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(t6, te, 0xdd), d + 14 * ld);
        Vector512.Store(Avx512F.Shuffle4x128(t7, tf, 0xdd), d + 15 * ld);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Lo64(Vector512<float> x, Vector512<float> y) => Avx512F.UnpackLow(x.AsDouble(), y.AsDouble()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Hi64(Vector512<float> x, Vector512<float> y) => Avx512F.UnpackHigh(x.AsDouble(), y.AsDouble()).AsSingle();
}
