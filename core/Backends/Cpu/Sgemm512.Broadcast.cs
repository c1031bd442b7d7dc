// Sgemm512's broadcast form: B [k, n] rows contiguous, A read as A(i, p) = a[i·sai + p·sap] (either layout);
// C[i, j..j+64] from 6 (or 4, or 1) rows i at a time over 64-column panels, narrower panels a row at a time.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mnist.Scripting.Backends.Cpu;

internal static unsafe partial class Sgemm512
{
    const int Panel = 64;

    static void Broadcast(bool transA, int m, int n, int k, float* a, float* b, float* c, int threads)
    {
        int sai = transA ? 1 : k, sap = transA ? m : 1;
        int panels = (n + Panel - 1) / Panel;
        int parts = Parts(threads, panels, (long)m * n * k);
        if (parts == 1) { BroadcastPanels(0, panels, m, n, k, a, sai, sap, b, c); return; }
        nint pa = (nint)a, pb = (nint)b, pc = (nint)c;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, t =>
            BroadcastPanels(panels * t / parts, panels * (t + 1) / parts, m, n, k, (float*)pa, sai, sap, (float*)pb, (float*)pc));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void BroadcastPanels(int from, int to, int m, int n, int k, float* a, int sai, int sap, float* b, float* c)
    {
        for (int pnl = from; pnl < to; pnl++)
        {
            int j0 = pnl * Panel, width = Math.Min(Panel, n - j0);
            int i = 0;
            if (width == Panel)
            {
                // Six rows at a time, four where that leaves fewer rows to the one-row kernel (8 = 4 + 4, not 6 + 1 + 1).
                for (; m - i >= 6 && m - i != 8; i += 6) B6x4(a + i * sai, sai, sap, b + j0, n, c + i * n + j0, n, k);
                for (; i + 4 <= m; i += 4) B4x4(a + i * sai, sai, sap, b + j0, n, c + i * n + j0, n, k);
            }
            for (; i < m; i++)
            {
                if (width == Panel) B1x4(a + i * sai, sap, b + j0, n, c + i * n + j0, k);
                else BroadcastRowTail(a + i * sai, sap, b + j0, n, c + i * n + j0, k, width);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void B6x4(float* a, int sai, int sap, float* b, int ldb, float* c, int ldc, int k)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        Vector512<float> c40 = default, c41 = default, c42 = default, c43 = default;
        Vector512<float> c50 = default, c51 = default, c52 = default, c53 = default;
        float* a0 = a, a1 = a + sai, a2 = a + 2 * sai, a3 = a + 3 * sai, a4 = a + 4 * sai, a5 = a + 5 * sai;
        for (int p = 0; p < k; p++)
        {
            var b0 = Vector512.Load(b); var b1 = Vector512.Load(b + 16); var b2 = Vector512.Load(b + 32); var b3 = Vector512.Load(b + 48);
            var x = Vector512.Create(*a0);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(x, b2, c02); c03 = Vector512.FusedMultiplyAdd(x, b3, c03);
            x = Vector512.Create(*a1);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(x, b2, c12); c13 = Vector512.FusedMultiplyAdd(x, b3, c13);
            x = Vector512.Create(*a2);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            c22 = Vector512.FusedMultiplyAdd(x, b2, c22); c23 = Vector512.FusedMultiplyAdd(x, b3, c23);
            x = Vector512.Create(*a3);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            c32 = Vector512.FusedMultiplyAdd(x, b2, c32); c33 = Vector512.FusedMultiplyAdd(x, b3, c33);
            x = Vector512.Create(*a4);
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            c42 = Vector512.FusedMultiplyAdd(x, b2, c42); c43 = Vector512.FusedMultiplyAdd(x, b3, c43);
            x = Vector512.Create(*a5);
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            c52 = Vector512.FusedMultiplyAdd(x, b2, c52); c53 = Vector512.FusedMultiplyAdd(x, b3, c53);
            a0 += sap; a1 += sap; a2 += sap; a3 += sap; a4 += sap; a5 += sap; b += ldb;
        }
        c00.Store(c); c01.Store(c + 16); c02.Store(c + 32); c03.Store(c + 48); c += ldc;
        c10.Store(c); c11.Store(c + 16); c12.Store(c + 32); c13.Store(c + 48); c += ldc;
        c20.Store(c); c21.Store(c + 16); c22.Store(c + 32); c23.Store(c + 48); c += ldc;
        c30.Store(c); c31.Store(c + 16); c32.Store(c + 32); c33.Store(c + 48); c += ldc;
        c40.Store(c); c41.Store(c + 16); c42.Store(c + 32); c43.Store(c + 48); c += ldc;
        c50.Store(c); c51.Store(c + 16); c52.Store(c + 32); c53.Store(c + 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void B4x4(float* a, int sai, int sap, float* b, int ldb, float* c, int ldc, int k)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        float* a0 = a, a1 = a + sai, a2 = a + 2 * sai, a3 = a + 3 * sai;
        for (int p = 0; p < k; p++)
        {
            var b0 = Vector512.Load(b); var b1 = Vector512.Load(b + 16); var b2 = Vector512.Load(b + 32); var b3 = Vector512.Load(b + 48);
            var x = Vector512.Create(*a0);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(x, b2, c02); c03 = Vector512.FusedMultiplyAdd(x, b3, c03);
            x = Vector512.Create(*a1);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(x, b2, c12); c13 = Vector512.FusedMultiplyAdd(x, b3, c13);
            x = Vector512.Create(*a2);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            c22 = Vector512.FusedMultiplyAdd(x, b2, c22); c23 = Vector512.FusedMultiplyAdd(x, b3, c23);
            x = Vector512.Create(*a3);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            c32 = Vector512.FusedMultiplyAdd(x, b2, c32); c33 = Vector512.FusedMultiplyAdd(x, b3, c33);
            a0 += sap; a1 += sap; a2 += sap; a3 += sap; b += ldb;
        }
        c00.Store(c); c01.Store(c + 16); c02.Store(c + 32); c03.Store(c + 48); c += ldc;
        c10.Store(c); c11.Store(c + 16); c12.Store(c + 32); c13.Store(c + 48); c += ldc;
        c20.Store(c); c21.Store(c + 16); c22.Store(c + 32); c23.Store(c + 48); c += ldc;
        c30.Store(c); c31.Store(c + 16); c32.Store(c + 32); c33.Store(c + 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void B1x4(float* a, int sap, float* b, int ldb, float* c, int k)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
        for (int p = 0; p < k; p++, a += sap, b += ldb)
        {
            var x = Vector512.Create(*a);
            c0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b), c0); c1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b + 16), c1);
            c2 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b + 32), c2); c3 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b + 48), c3);
        }
        c0.Store(c); c1.Store(c + 16); c2.Store(c + 32); c3.Store(c + 48);
    }

    // One row of C over a panel narrower than 64 columns: 16 at a time, then one column at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void BroadcastRowTail(float* a, int sap, float* b, int ldb, float* c, int k, int width)
    {
        int j = 0;
        for (; j + 16 <= width; j += 16)
        {
            Vector512<float> acc = default;
            float* ap = a, bp = b + j;
            for (int p = 0; p < k; p++, ap += sap, bp += ldb) acc = Vector512.FusedMultiplyAdd(Vector512.Create(*ap), Vector512.Load(bp), acc);
            acc.Store(c + j);
        }
        for (; j < width; j++)
        {
            float s = 0;
            float* ap = a, bp = b + j;
            for (int p = 0; p < k; p++, ap += sap, bp += ldb) s = MathF.FusedMultiplyAdd(*ap, *bp, s);
            c[j] = s;
        }
    }
}
