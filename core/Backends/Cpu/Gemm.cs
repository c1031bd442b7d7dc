// Row-major GEMM: the system OpenBLAS (cblas_sgemm/dgemm through P/Invoke) when present, else MathNet's managed provider.
using System.Runtime.InteropServices;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Mnist.Scripting.Backends.Cpu;

/// <summary>Which GEMM implementation runs float matmuls on the CPU.</summary>
public enum GemmProvider { OpenBlas, Managed }

internal static unsafe class Gemm
{
    const int RowMajor = 101, NoTrans = 111, Trans = 112;

    static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> sgemm;
    static readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> dgemm;
    static readonly delegate* unmanaged<int, void> setThreads;
    static readonly delegate* unmanaged<IntPtr> getConfig;

    /// <summary>Why OpenBLAS is not used, or null when it is loaded.</summary>
    internal static readonly string? OpenBlasMissingReason;

    static Gemm()
    {
        LinearAlgebraControl.UseManaged();
        if (Environment.GetEnvironmentVariable("MNIST_SCRIPTING_BLAS") is "managed")
        {
            OpenBlasMissingReason = "MNIST_SCRIPTING_BLAS=managed";
            return;
        }
        PickOpenBlasCore();
        foreach (var name in new[] { "libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.dll" })
        {
            if (!NativeLibrary.TryLoad(name, out var lib)) continue;
            if (NativeLibrary.TryGetExport(lib, "cblas_sgemm", out var s) && NativeLibrary.TryGetExport(lib, "cblas_dgemm", out var d))
            {
                sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)s;
                dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)d;
                if (NativeLibrary.TryGetExport(lib, "openblas_set_num_threads", out var t)) setThreads = (delegate* unmanaged<int, void>)t;
                if (NativeLibrary.TryGetExport(lib, "openblas_get_config", out var c)) getConfig = (delegate* unmanaged<IntPtr>)c;
                return;
            }
        }
        OpenBlasMissingReason = "libopenblas.so.0 not found (apt-get install libopenblas0-pthread for faster matmul)";
    }

    // OpenBLAS 0.3.21's DYNAMIC_ARCH does not know recent Xeons (Sapphire Rapids reports as "Prescott") and then runs its
    // SSE3 kernels: 5-10x slower on the chapter's small GEMMs. Unless the user chose one, name the core type from the
    // CPU's features before the library loads (it reads OPENBLAS_CORETYPE once, with the native getenv).
    static void PickOpenBlasCore()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is not null) return;
        string? core = System.Runtime.Intrinsics.X86.Avx512F.IsSupported && System.Runtime.Intrinsics.X86.Avx512BW.IsSupported
                       && System.Runtime.Intrinsics.X86.Avx512DQ.IsSupported && System.Runtime.Intrinsics.X86.Avx512Vbmi.IsSupported ? "SkylakeX"
                     : System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported ? "Haswell" : null;
        if (core is not null) SetEnv("OPENBLAS_CORETYPE", core, 0);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    static extern int SetEnv(string name, string value, int overwrite);

    /// <summary>The provider used unless a caller forces one (tests and benchmarks compare both).</summary>
    internal static GemmProvider Active { get; set; } = OpenBlasMissingReason is null ? GemmProvider.OpenBlas : GemmProvider.Managed;

    internal static bool OpenBlasLoaded => OpenBlasMissingReason is null;

    internal static string Describe() => OpenBlasLoaded
        ? $"{(Active == GemmProvider.OpenBlas ? "OpenBLAS" : "managed (MathNet; OpenBLAS loaded but not selected)")}" +
          (getConfig != null ? $" [{Marshal.PtrToStringAnsi(getConfig())}]" : "")
        : $"managed (MathNet); {OpenBlasMissingReason}";

    internal static void SetThreads(int n) { if (setThreads != null) setThreads(n); }

    /// <summary>C[m,n] = A[m,k] @ B[k,n] (row-major; transA/transB read A or B transposed from their buffers).</summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff)
    {
        if (m == 0 || n == 0) return;
        if (k == 0) { Array.Clear(c, cOff, m * n); return; }
        if (Active == GemmProvider.OpenBlas && OpenBlasLoaded)
        {
            fixed (float* pa = a, pb = b, pc = c)
                sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, 1f,
                    pa + aOff, transA ? m : k, pb + bOff, transB ? k : n, 0f, pc + cOff, n);
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
            fixed (double* pa = a, pb = b, pc = c)
                dgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, 1.0,
                    pa + aOff, transA ? m : k, pb + bOff, transB ? k : n, 0.0, pc + cOff, n);
            return;
        }
        Managed(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
    }

    // MathNet is column-major: row-major C = A·B is column-major Cᵀ = Bᵀ·Aᵀ, so the operands swap places.
    static void Managed(bool transA, bool transB, int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff)
    {
        var cb = cOff == 0 && c.Length == m * n ? c : new float[m * n];
        LinearAlgebraControl.Provider.MatrixMultiplyWithUpdate(
            transB ? Transpose.Transpose : Transpose.DontTranspose, transA ? Transpose.Transpose : Transpose.DontTranspose,
            1f, Slice(b, bOff, k * n), transB ? k : n, transB ? n : k, Slice(a, aOff, m * k), transA ? m : k, transA ? k : m, 0f, cb);
        if (!ReferenceEquals(cb, c)) Array.Copy(cb, 0, c, cOff, m * n);
    }

    static void Managed(bool transA, bool transB, int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff)
    {
        var cb = cOff == 0 && c.Length == m * n ? c : new double[m * n];
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
