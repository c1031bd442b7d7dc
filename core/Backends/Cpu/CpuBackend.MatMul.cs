// CPU batched matmul: float types through GEMM (OpenBLAS or managed), one tall GEMM when b is shared; integers by a plain loop.
using System.Numerics;

namespace Mnist.Scripting.Backends.Cpu;

internal sealed partial class CpuBackend
{
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
}
