// The engine's settings in one record, read from the environment once when first asked: each MNIST_SCRIPTING_*
// variable the engine honours, what it means and its default, and Describe(), what this process runs with (printed by
// Backend.Describe, the bench and the GPU runner). The statics they seed (CudaBackend.MatMulVersion, Gemm.ThinKernels,
// ...) take their first values from here; the kernel and the tests may still swap those. The data layer's folders
// (MNIST_SCRIPTING_HOME, FASTAI_HOME, MNIST_SCRIPTING_MIRROR) and limits are read where they are used, at each call, so
// a cell that sets one takes effect; they are listed in core/Data/DataHome.cs and ExtractLimits.cs.
namespace Mnist.Scripting;

/// <summary>The engine's settings (see the file header); <see cref="Current"/> is this process's, from its environment.</summary>
public sealed record EngineSettings
{
    /// <summary>MNIST_SCRIPTING_DEVICE: the default device, cpu (default) or cuda (falls back to the CPU with a notice).</summary>
    public string? Device { get; init; }

    /// <summary>MNIST_SCRIPTING_BLAS=managed: never load OpenBLAS; products run on MathNet's managed provider.</summary>
    public bool ManagedBlas { get; init; }

    /// <summary>MNIST_SCRIPTING_GEMM512=off: thin float32 products stay on OpenBLAS even where AVX-512 runs natively.</summary>
    public bool Gemm512 { get; init; } = true;

    /// <summary>MNIST_SCRIPTING_OPENBLAS_CORETYPE: the core OpenBLAS is told to use (auto, the default; off; or a name such as Haswell). OPENBLAS_CORETYPE, when set, wins.</summary>
    public string? OpenBlasCoreType { get; init; }

    /// <summary>MNIST_SCRIPTING_CUDA_LIBRARY: the CUDA driver library to load instead of libcuda (the tests' emulator).</summary>
    public string? CudaLibrary { get; init; }

    /// <summary>MNIST_SCRIPTING_CUDA_POISON=1: fill every new CUDA allocation with 0xFF bytes, to expose unwritten outputs.</summary>
    public bool CudaPoison { get; init; }

    /// <summary>MNIST_SCRIPTING_CUDA_SYNC=1: wait for each kernel, so an error names the kernel that caused it.</summary>
    public bool CudaSync { get; init; }

    /// <summary>MNIST_SCRIPTING_CUDA_MATMUL=v1|v2|v3: force one CUDA matmul kernel; 0 (default) lets the backend pick.</summary>
    public int CudaMatMul { get; init; }

    /// <summary>The settings a variable lookup gives: <c>FromEnvironment(Environment.GetEnvironmentVariable)</c> is <see cref="Current"/>.</summary>
    public static EngineSettings FromEnvironment(Func<string, string?> variable)
    {
        string? Get(string name) => variable(name) is { Length: > 0 } v ? v.Trim() : null;
        return new EngineSettings
        {
            Device = Get("MNIST_SCRIPTING_DEVICE"),
            ManagedBlas = Get("MNIST_SCRIPTING_BLAS") is "managed",
            Gemm512 = Get("MNIST_SCRIPTING_GEMM512") is not "off",
            OpenBlasCoreType = Get("MNIST_SCRIPTING_OPENBLAS_CORETYPE"),
            CudaLibrary = Get("MNIST_SCRIPTING_CUDA_LIBRARY"),
            CudaPoison = Get("MNIST_SCRIPTING_CUDA_POISON") is "1",
            CudaSync = Get("MNIST_SCRIPTING_CUDA_SYNC") is "1",
            CudaMatMul = Get("MNIST_SCRIPTING_CUDA_MATMUL") switch { "v1" => 1, "v2" => 2, "v3" => 3, _ => 0 },
        };
    }

    static readonly Lazy<EngineSettings> current = new(() => FromEnvironment(Environment.GetEnvironmentVariable));

    /// <summary>This process's settings, read from its environment on first use and not again.</summary>
    public static EngineSettings Current => current.Value;

    /// <summary>The settings that differ from the defaults, as NAME=value words; "defaults" when none do.</summary>
    public string Describe()
    {
        var set = new List<string>();
        if (Device is { } d) set.Add($"MNIST_SCRIPTING_DEVICE={d}");
        if (ManagedBlas) set.Add("MNIST_SCRIPTING_BLAS=managed");
        if (!Gemm512) set.Add("MNIST_SCRIPTING_GEMM512=off");
        if (OpenBlasCoreType is { } c) set.Add($"MNIST_SCRIPTING_OPENBLAS_CORETYPE={c}");
        if (CudaLibrary is { } l) set.Add($"MNIST_SCRIPTING_CUDA_LIBRARY={l}");
        if (CudaPoison) set.Add("MNIST_SCRIPTING_CUDA_POISON=1");
        if (CudaSync) set.Add("MNIST_SCRIPTING_CUDA_SYNC=1");
        if (CudaMatMul != 0) set.Add($"MNIST_SCRIPTING_CUDA_MATMUL=v{CudaMatMul}");
        return set.Count == 0 ? "defaults" : string.Join(" ", set);
    }
}
