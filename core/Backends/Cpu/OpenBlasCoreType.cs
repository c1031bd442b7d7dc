// Debian's OpenBLAS 0.3.21 takes some recent Xeons for an old "Prescott" core and runs GEMM ~4x slower.
// Before the library loads, name the core the CPU really supports (unless the user already chose one).
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Mnist.Scripting.Backends.Cpu;

internal static partial class OpenBlasCoreType
{
    /// <summary>
    /// Sets OPENBLAS_CORETYPE in the native environment and returns it, or returns null when the user set it
    /// (or MNIST_SCRIPTING_OPENBLAS_CORETYPE=off) or the CPU has no AVX2. Results are self-checked after loading.
    /// </summary>
    public static string? Choose()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is { Length: > 0 }) return null;
        var wanted = EngineSettings.Current.OpenBlasCoreType;
        if (wanted is "off") return null;
        var core = wanted is { Length: > 0 } and not "auto" ? wanted
            : Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported ? "SkylakeX"
            : Avx2.IsSupported && Fma.IsSupported ? "Haswell"
            : null;
        // .NET keeps its own copy of the environment on Unix; OpenBLAS reads the C library's.
        if (core is not null && SetEnv("OPENBLAS_CORETYPE", core, 0) == 0) return core;
        return null;
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
