// Row-major GEMM: the system OpenBLAS (cblas_sgemm/dgemm through P/Invoke) when present, else MathNet's managed provider;
// thin float32 products on a CPU with AVX-512 go to our own kernels (Sgemm512) whichever provider is active.
using System.Runtime.InteropServices;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Mnist.Scripting.Backends.Cpu;

internal static unsafe class Gemm
{
    const int RowMajor = 101, NoTrans = 111, Trans = 112;

    static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> sgemm;
    static readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> dgemm;
    static readonly delegate* unmanaged<int, int, int, int, float, float*, int, float*, int, float, float*, int, void> sgemv;
    static readonly delegate* unmanaged<int, int, int, int, double, double*, int, double*, int, double, double*, int, void> dgemv;
    static readonly delegate* unmanaged<int, void> setThreads;
    static readonly delegate* unmanaged<IntPtr> getConfig;

    /// <summary>Why OpenBLAS is not used, or null when it is loaded.</summary>
    internal static readonly string? OpenBlasMissingReason;

    static Gemm()
    {
        LinearAlgebraControl.UseManaged();
        if (EngineSettings.Current.ManagedBlas)
        {
            OpenBlasMissingReason = "MNIST_SCRIPTING_BLAS=managed";
            return;
        }
        CoreType = OpenBlasCoreType.Choose();
        foreach (var name in new[] { "libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.dll" })
        {
            if (!NativeLibrary.TryLoad(name, out var lib)) continue;
            if (NativeLibrary.TryGetExport(lib, "cblas_sgemm", out var s) && NativeLibrary.TryGetExport(lib, "cblas_dgemm", out var d))
            {
                sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)s;
                dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)d;
                if (NativeLibrary.TryGetExport(lib, "cblas_sgemv", out var sv) && NativeLibrary.TryGetExport(lib, "cblas_dgemv", out var dv))
                {
                    sgemv = (delegate* unmanaged<int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sv;
                    dgemv = (delegate* unmanaged<int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)dv;
                }
                if (NativeLibrary.TryGetExport(lib, "openblas_set_num_threads", out var t)) setThreads = (delegate* unmanaged<int, void>)t;
                if (NativeLibrary.TryGetExport(lib, "openblas_get_config", out var c)) getConfig = (delegate* unmanaged<IntPtr>)c;
                // A core type we chose must still give right answers; otherwise OpenBLAS is not used at all.
                if (CoreType is not null && !SelfCheck())
                {
                    OpenBlasMissingReason = $"OpenBLAS gave wrong results with OPENBLAS_CORETYPE={CoreType}; using the managed GEMM";
                    sgemm = null; dgemm = null; sgemv = null; dgemv = null;
                }
                return;
            }
        }
        OpenBlasMissingReason = "libopenblas.so.0 not found (apt-get install libopenblas0-pthread for faster matmul)";
    }

    /// <summary>The OPENBLAS_CORETYPE we set for this process, or null when we left OpenBLAS's own detection alone.</summary>
    internal static readonly string? CoreType;

    // Odd sizes exercise the kernels' edge handling; compared with a double-precision triple loop.
    static bool SelfCheck()
    {
        var rng = new Random(1);
        // Through the provider's path (not the AVX-512 kernels), so the products with a vector side check gemv too.
        foreach (var (m, n, k) in new[] { (37, 29, 71), (256, 30, 784), (5, 1, 3), (256, 1, 784), (1, 30, 784) })
        {
            var a = new float[m * k]; var b = new float[k * n]; var c = new float[m * n];
            for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() - 0.5);
            for (int i = 0; i < b.Length; i++) b[i] = (float)(rng.NextDouble() - 0.5);
            SgemmProvider(false, false, m, n, k, a, 0, b, 0, c, 0);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double r = 0;
                    for (int p = 0; p < k; p++) r += (double)a[i * k + p] * b[p * n + j];
                    if (!(Math.Abs(r - c[i * n + j]) <= 1e-4 + 1e-4 * Math.Abs(r))) return false;
                }
        }
        return true;
    }

    /// <summary>The provider used unless a caller forces one (tests and benchmarks compare both).</summary>
    internal static GemmProvider Active
    {
        // Read once the static constructor has found (or not found) OpenBLAS: a property initializer would run before
        // it and always say OpenBlas.
        get => chosen ?? (OpenBlasLoaded ? GemmProvider.OpenBlas : GemmProvider.Managed);
        set => chosen = value;
    }

    static GemmProvider? chosen;

    internal static bool OpenBlasLoaded => OpenBlasMissingReason is null;

    /// <summary>
    /// Whether thin float32 products (<see cref="Sgemm512.Takes"/>) run on our AVX-512 kernels: on where the CPU runs
    /// 512-bit vectors natively, unless MNIST_SCRIPTING_GEMM512=off; tests switch it to check both paths.
    /// </summary>
    internal static bool ThinKernels { get; set; } = Sgemm512.Accelerated && EngineSettings.Current.Gemm512;

    internal static string Describe() => OpenBlasLoaded
        ? $"{(Active == GemmProvider.OpenBlas ? "OpenBLAS" : "managed (MathNet; OpenBLAS loaded but not selected)")}" +
          (getConfig != null ? $" [{Marshal.PtrToStringAnsi(getConfig())}]" : "") +
          (CoreType is not null ? $" (OPENBLAS_CORETYPE={CoreType} set by us)" : "") + ThinDescription
        : $"managed (MathNet); {OpenBlasMissingReason}" + ThinDescription;

    static string ThinDescription => ThinKernels ? ", thin float32 products on our AVX-512 kernels" : "";

    internal static void SetThreads(int n) { if (setThreads != null) setThreads(n); }

    /// <summary>C[m,n] = A[m,k] @ B[k,n] (row-major; transA/transB read A or B transposed from their buffers).</summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff)
    {
        if (ThinKernels && Sgemm512.Takes(transA, transB, m, n, k))
            Sgemm512.Run(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, Backend.NumThreads);
        else
            SgemmProvider(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
    }

    // The active provider's sgemm (gemv for a vector side).
    static void SgemmProvider(bool transA, bool transB, int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff)
    {
        if (m == 0 || n == 0) return;
        if (k == 0) { Array.Clear(c, cOff, m * n); return; }
        if (Active == GemmProvider.OpenBlas && OpenBlasLoaded)
        {
            Fits(a.Length, aOff, (long)m * k); Fits(b.Length, bOff, (long)k * n); Fits(c.Length, cOff, (long)m * n);
            fixed (float* pa = a, pb = b, pc = c)
            {
                if ((n == 1 || m == 1) && sgemv != null)
                {
                    var (t, rows, cols, matIsA) = Gemv(transA, transB, m, n, k);
                    Array.Clear(c, cOff, m * n);   // beta = 0 may still scale y by 0, and 0 · NaN in uninitialized memory is NaN
                    sgemv(RowMajor, t, rows, cols, 1f, matIsA ? pa + aOff : pb + bOff, Math.Max(1, cols), matIsA ? pb + bOff : pa + aOff, 1, 0f, pc + cOff, 1);
                    return;
                }
                sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, 1f,
                    pa + aOff, transA ? m : k, pb + bOff, transB ? k : n, 0f, pc + cOff, n);
            }
            return;
        }
        Managed(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
    }

    public static void Dgemm(bool transA, bool transB, int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff)
    {
        if (m == 0 || n == 0) return;
        if (k == 0) { Array.Clear(c, cOff, m * n); return; }
        if (Active == GemmProvider.OpenBlas && OpenBlasLoaded)
        {
            Fits(a.Length, aOff, (long)m * k); Fits(b.Length, bOff, (long)k * n); Fits(c.Length, cOff, (long)m * n);
            fixed (double* pa = a, pb = b, pc = c)
            {
                if ((n == 1 || m == 1) && dgemv != null)
                {
                    var (t, rows, cols, matIsA) = Gemv(transA, transB, m, n, k);
                    Array.Clear(c, cOff, m * n);   // beta = 0 may still scale y by 0, and 0 · NaN in uninitialized memory is NaN
                    dgemv(RowMajor, t, rows, cols, 1.0, matIsA ? pa + aOff : pb + bOff, Math.Max(1, cols), matIsA ? pb + bOff : pa + aOff, 1, 0.0, pc + cOff, 1);
                    return;
                }
                dgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, 1.0,
                    pa + aOff, transA ? m : k, pb + bOff, transB ? k : n, 0.0, pc + cOff, n);
            }
            return;
        }
        Managed(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
    }

    // A product with one side a vector (the linear model's x·w, its gradient xᵀ·g) as the row-major gemv
    // y = op(M)·x, which OpenBLAS runs several times faster than a gemm with n = 1: (trans, M's stored rows and cols, M, x).
    // MatIsA: M is a and x is b, else the other way round.
    static (int Trans, int Rows, int Cols, bool MatIsA) Gemv(bool transA, bool transB, int m, int n, int k)
    {
        if (n == 1) return transA ? (Trans, k, m, true) : (NoTrans, m, k, true);   // c[m] = op(A)·b
        return transB ? (NoTrans, n, k, false) : (Trans, k, n, false);           // c[1, n]ᵀ = op(B)ᵀ·aᵀ
    }

    // Native code does not check bounds: an operand too short for its shape (an internal error, such as a scratch buffer
    // used after it was given back) stops here instead of reading or writing past the array.
    static void Fits(int length, int offset, long count)
    {
        if (offset < 0 || offset + count > length)
            throw new InvalidOperationException($"gemm: an operand of {length} elements cannot hold {count} from offset {offset} (internal error)");
    }

    // MathNet is column-major: row-major C = A·B is column-major Cᵀ = Bᵀ·Aᵀ, so the operands swap places.
    static void Managed(bool transA, bool transB, int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff)
    {
        var cb = cOff == 0 && c.Length == m * n ? c : new float[m * n];
        if (ReferenceEquals(cb, c)) Array.Clear(c);  // c may be uninitialized; beta = 0 must not read NaNs from it
        LinearAlgebraControl.Provider.MatrixMultiplyWithUpdate(
            transB ? Transpose.Transpose : Transpose.DontTranspose, transA ? Transpose.Transpose : Transpose.DontTranspose,
            1f, Slice(b, bOff, k * n), transB ? k : n, transB ? n : k, Slice(a, aOff, m * k), transA ? m : k, transA ? k : m, 0f, cb);
        if (!ReferenceEquals(cb, c)) Array.Copy(cb, 0, c, cOff, m * n);
    }

    static void Managed(bool transA, bool transB, int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff)
    {
        var cb = cOff == 0 && c.Length == m * n ? c : new double[m * n];
        if (ReferenceEquals(cb, c)) Array.Clear(c);  // c may be uninitialized; beta = 0 must not read NaNs from it
        LinearAlgebraControl.Provider.MatrixMultiplyWithUpdate(
            transB ? Transpose.Transpose : Transpose.DontTranspose, transA ? Transpose.Transpose : Transpose.DontTranspose,
            1.0, Slice(b, bOff, k * n), transB ? k : n, transB ? n : k, Slice(a, aOff, m * k), transA ? m : k, transA ? k : m, 0.0, cb);
        if (!ReferenceEquals(cb, c)) Array.Copy(cb, 0, c, cOff, m * n);
    }

    static T[] Slice<T>(T[] x, int off, int len) where T : struct
    {
        if (off == 0 && x.Length == len) return x;
        var r = new T[len];
        Array.Copy(x, off, r, 0, len);
        return r;
    }
}
