// Sgemm512's dot form: A [m, k] and B [n, k] rows contiguous along k; C[i, j] = A[i, :] · B[j, :] for 4×6 (or 4×4,
// 4×1, 1×1) (i, j) at a time, k in chunks that stay in cache, rows of A in groups that stay in L2.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mnist.Scripting.Backends.Cpu;

internal static unsafe partial class Sgemm512
{
    // The k chunk in the dot form: 4 KB of each row, so four rows of A stay in L1 and up to 128 rows of B in L2.
    const int Chunk = 1024;

    static void Dot(int m, int n, int k, float* a, float* b, float* c, int threads)
    {
        int iBlocks = (m + 3) / 4;
        int parts = Parts(threads, iBlocks, (long)m * n * k);
        if (parts == 1) { DotRows(0, m, n, k, a, b, c); return; }
        nint pa = (nint)a, pb = (nint)b, pc = (nint)c;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, t =>
            DotRows(4 * (iBlocks * t / parts), Math.Min(m, 4 * (iBlocks * (t + 1) / parts)), n, k, (float*)pa, (float*)pb, (float*)pc));
    }

    // Rows of A a block of B passes over before the next block: 64 rows of a 1024-long chunk are 256 KB, within L2, while
    // the 6 rows of B in use stay in L1 (measured in bench/NOTES.md section 18: 12-19% faster than all rows at once).
    const int RowGroup = 64;

    // Rows [i0, i1) of C, chunk by chunk along k: the first chunk writes C, later ones add to it. Within a chunk, groups of
    // 64 rows of A; for each group, B's rows six (or four, or one) at a time against the group's rows four at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void DotRows(int i0, int i1, int n, int k, float* a, float* b, float* c)
    {
        int iFull = i0 + (i1 - i0) / 4 * 4;
        // Columns six at a time, except that 6q + 2 columns end in two 4-wide blocks instead of two single columns.
        int j6 = n % 6 == 2 && n >= 8 ? n - 8 : n - n % 6;
        for (int p0 = 0; p0 < k; p0 += Chunk)
        {
            int len = Math.Min(Chunk, k - p0);
            bool add = p0 > 0;
            for (int g = i0; g < iFull; g += RowGroup)
            {
                int gEnd = Math.Min(iFull, g + RowGroup);
                int j = 0;
                for (; j < j6; j += 6)
                    for (int i = g; i < gEnd; i += 4) D4x6(a + i * k + p0, b + j * k + p0, k, len, c + i * n + j, n, add);
                for (; j + 4 <= n; j += 4)
                    for (int i = g; i < gEnd; i += 4) D4x4(a + i * k + p0, b + j * k + p0, k, len, c + i * n + j, n, add);
                for (; j < n; j++)
                    for (int i = g; i < gEnd; i += 4) D4x1(a + i * k + p0, k, b + j * k + p0, len, c + i * n + j, n, add);
            }
            for (int i = iFull; i < i1; i++)
            {
                int j = 0;
                for (; j + 4 <= n; j += 4) D4x1(b + j * k + p0, k, a + i * k + p0, len, c + i * n + j, 1, add);
                for (; j < n; j++) c[i * n + j] = (add ? c[i * n + j] : 0) + D1x1(a + i * k + p0, b + j * k + p0, len);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void D4x6(float* a, float* b, int ld, int len, float* c, int ldc, bool add)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default, c04 = default, c05 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default, c24 = default, c25 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default, c34 = default, c35 = default;
        float* a0 = a, a1 = a + ld, a2 = a + 2 * ld, a3 = a + 3 * ld;
        float* b0 = b, b1 = b + ld, b2 = b + 2 * ld, b3 = b + 3 * ld, b4 = b + 4 * ld, b5 = b + 5 * ld;
        int p = 0;
        for (; p + 16 <= len; p += 16)
        {
            var y0 = Vector512.Load(b0 + p); var y1 = Vector512.Load(b1 + p); var y2 = Vector512.Load(b2 + p);
            var y3 = Vector512.Load(b3 + p); var y4 = Vector512.Load(b4 + p); var y5 = Vector512.Load(b5 + p);
            var x = Vector512.Load(a0 + p);
            c00 = Vector512.FusedMultiplyAdd(x, y0, c00); c01 = Vector512.FusedMultiplyAdd(x, y1, c01); c02 = Vector512.FusedMultiplyAdd(x, y2, c02);
            c03 = Vector512.FusedMultiplyAdd(x, y3, c03); c04 = Vector512.FusedMultiplyAdd(x, y4, c04); c05 = Vector512.FusedMultiplyAdd(x, y5, c05);
            x = Vector512.Load(a1 + p);
            c10 = Vector512.FusedMultiplyAdd(x, y0, c10); c11 = Vector512.FusedMultiplyAdd(x, y1, c11); c12 = Vector512.FusedMultiplyAdd(x, y2, c12);
            c13 = Vector512.FusedMultiplyAdd(x, y3, c13); c14 = Vector512.FusedMultiplyAdd(x, y4, c14); c15 = Vector512.FusedMultiplyAdd(x, y5, c15);
            x = Vector512.Load(a2 + p);
            c20 = Vector512.FusedMultiplyAdd(x, y0, c20); c21 = Vector512.FusedMultiplyAdd(x, y1, c21); c22 = Vector512.FusedMultiplyAdd(x, y2, c22);
            c23 = Vector512.FusedMultiplyAdd(x, y3, c23); c24 = Vector512.FusedMultiplyAdd(x, y4, c24); c25 = Vector512.FusedMultiplyAdd(x, y5, c25);
            x = Vector512.Load(a3 + p);
            c30 = Vector512.FusedMultiplyAdd(x, y0, c30); c31 = Vector512.FusedMultiplyAdd(x, y1, c31); c32 = Vector512.FusedMultiplyAdd(x, y2, c32);
            c33 = Vector512.FusedMultiplyAdd(x, y3, c33); c34 = Vector512.FusedMultiplyAdd(x, y4, c34); c35 = Vector512.FusedMultiplyAdd(x, y5, c35);
        }
        float* sums = stackalloc float[24];
        Sum8(c00, c01, c02, c03, c04, c05, c10, c11).Store(sums);
        Sum8(c12, c13, c14, c15, c20, c21, c22, c23).Store(sums + 8);
        Sum8(c24, c25, c30, c31, c32, c33, c34, c35).Store(sums + 16);
        Finish(sums, 6, a, b, ld, p, len, c, ldc, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void D4x4(float* a, float* b, int ld, int len, float* c, int ldc, bool add)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        float* a0 = a, a1 = a + ld, a2 = a + 2 * ld, a3 = a + 3 * ld;
        float* b0 = b, b1 = b + ld, b2 = b + 2 * ld, b3 = b + 3 * ld;
        int p = 0;
        for (; p + 16 <= len; p += 16)
        {
            var y0 = Vector512.Load(b0 + p); var y1 = Vector512.Load(b1 + p); var y2 = Vector512.Load(b2 + p); var y3 = Vector512.Load(b3 + p);
            var x = Vector512.Load(a0 + p);
            c00 = Vector512.FusedMultiplyAdd(x, y0, c00); c01 = Vector512.FusedMultiplyAdd(x, y1, c01);
            c02 = Vector512.FusedMultiplyAdd(x, y2, c02); c03 = Vector512.FusedMultiplyAdd(x, y3, c03);
            x = Vector512.Load(a1 + p);
            c10 = Vector512.FusedMultiplyAdd(x, y0, c10); c11 = Vector512.FusedMultiplyAdd(x, y1, c11);
            c12 = Vector512.FusedMultiplyAdd(x, y2, c12); c13 = Vector512.FusedMultiplyAdd(x, y3, c13);
            x = Vector512.Load(a2 + p);
            c20 = Vector512.FusedMultiplyAdd(x, y0, c20); c21 = Vector512.FusedMultiplyAdd(x, y1, c21);
            c22 = Vector512.FusedMultiplyAdd(x, y2, c22); c23 = Vector512.FusedMultiplyAdd(x, y3, c23);
            x = Vector512.Load(a3 + p);
            c30 = Vector512.FusedMultiplyAdd(x, y0, c30); c31 = Vector512.FusedMultiplyAdd(x, y1, c31);
            c32 = Vector512.FusedMultiplyAdd(x, y2, c32); c33 = Vector512.FusedMultiplyAdd(x, y3, c33);
        }
        float* sums = stackalloc float[16];
        Sum8(c00, c01, c02, c03, c10, c11, c12, c13).Store(sums);
        Sum8(c20, c21, c22, c23, c30, c31, c32, c33).Store(sums + 8);
        Finish(sums, 4, a, b, ld, p, len, c, ldc, add);
    }

    // Four rows x (stride ld) against one row y: results to c[0], c[s], c[2s], c[3s].
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void D4x1(float* x, int ld, float* y, int len, float* c, int s, bool add)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
        float* x0 = x, x1 = x + ld, x2 = x + 2 * ld, x3 = x + 3 * ld;
        int p = 0;
        for (; p + 16 <= len; p += 16)
        {
            var v = Vector512.Load(y + p);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Load(x0 + p), v, c0); c1 = Vector512.FusedMultiplyAdd(Vector512.Load(x1 + p), v, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Load(x2 + p), v, c2); c3 = Vector512.FusedMultiplyAdd(Vector512.Load(x3 + p), v, c3);
        }
        float r0 = Vector512.Sum(c0) + Tail(x0, y, p, len), r1 = Vector512.Sum(c1) + Tail(x1, y, p, len);
        float r2 = Vector512.Sum(c2) + Tail(x2, y, p, len), r3 = Vector512.Sum(c3) + Tail(x3, y, p, len);
        if (add) { c[0] += r0; c[s] += r1; c[2 * s] += r2; c[3 * s] += r3; }
        else { c[0] = r0; c[s] = r1; c[2 * s] = r2; c[3 * s] = r3; }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static float D1x1(float* x, float* y, int len)
    {
        Vector512<float> acc = default;
        int p = 0;
        for (; p + 16 <= len; p += 16) acc = Vector512.FusedMultiplyAdd(Vector512.Load(x + p), Vector512.Load(y + p), acc);
        return Vector512.Sum(acc) + Tail(x, y, p, len);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Tail(float* x, float* y, int p, int len)
    {
        float s = 0;
        for (; p < len; p++) s = MathF.FusedMultiplyAdd(x[p], y[p], s);
        return s;
    }

    // The 16-lane sums of eight accumulators as one 8-lane vector: each halved to 8 lanes, then pairs of lanes added
    // across the eight (three horizontal adds) instead of eight separate reductions; the same order on every call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Sum8(Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3,
                                 Vector512<float> v4, Vector512<float> v5, Vector512<float> v6, Vector512<float> v7)
    {
        Vector256<float> h0 = v0.GetLower() + v0.GetUpper(), h1 = v1.GetLower() + v1.GetUpper();
        Vector256<float> h2 = v2.GetLower() + v2.GetUpper(), h3 = v3.GetLower() + v3.GetUpper();
        Vector256<float> h4 = v4.GetLower() + v4.GetUpper(), h5 = v5.GetLower() + v5.GetUpper();
        Vector256<float> h6 = v6.GetLower() + v6.GetUpper(), h7 = v7.GetLower() + v7.GetUpper();
        if (!Avx.IsSupported)
            return Vector256.Create(Vector256.Sum(h0), Vector256.Sum(h1), Vector256.Sum(h2), Vector256.Sum(h3),
                                    Vector256.Sum(h4), Vector256.Sum(h5), Vector256.Sum(h6), Vector256.Sum(h7));
        // Per 128-bit half: [s0 s1 s2 s3] of h0..h3 and of h4..h7; the two halves added at the end.
        var q0 = Avx.HorizontalAdd(Avx.HorizontalAdd(h0, h1), Avx.HorizontalAdd(h2, h3));
        var q1 = Avx.HorizontalAdd(Avx.HorizontalAdd(h4, h5), Avx.HorizontalAdd(h6, h7));
        return Avx.Permute2x128(q0, q1, 0x20) + Avx.Permute2x128(q0, q1, 0x31);
    }

    // Writes (or adds) a 4×cols block of sums, row by row, each with its k tail (the last len % 16 terms) added.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Finish(float* sums, int cols, float* a, float* b, int ld, int p, int len, float* c, int ldc, bool add)
    {
        for (int i = 0; i < 4; i++, c += ldc)
            for (int j = 0; j < cols; j++)
            {
                float r = sums[i * cols + j] + Tail(a + i * ld, b + j * ld, p, len);
                c[j] = add ? c[j] + r : r;
            }
    }
}
