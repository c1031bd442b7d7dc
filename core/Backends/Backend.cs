// Picks the backend for a device and describes what is active (GEMM provider, threads, CUDA status).
using Mnist.Scripting.Backends.Cpu;
using Mnist.Scripting.Backends.Reference;

namespace Mnist.Scripting.Backends;

/// <summary>Which GEMM implementation runs float matmuls on the CPU.</summary>
public enum GemmProvider { OpenBlas, Managed }

/// <summary>Backend registry: the CPU backend always, a CUDA backend when one registers itself.</summary>
public static class Backend
{
    /// <summary>Set by the CUDA backend when it loads; returns the backend or throws with the reason CUDA is unavailable.</summary>
    internal static Func<IBackend>? CudaFactory;

    /// <summary>Reports whether CUDA can be used and why not; the CUDA assembly registers its probe when it loads.</summary>
    internal static Func<(bool Available, string? Reason)> CudaProbe = () => LoadCuda()
        ? CudaProbe!()
        : (false, "the CUDA backend (Mnist.Scripting.Cuda.dll) is not part of this build");

    // The engine does not reference the CUDA assembly (it references the engine): the first question about CUDA loads
    // it by name, or from beside this assembly (a script that #r's the engine's dll alone), and runs its registration.
    static bool cudaLoadTried;
    static bool LoadCuda()
    {
        lock (typeof(Backend))
        {
            if (cudaLoadTried) return CudaFactory is not null;
            cudaLoadTried = true;
            System.Reflection.Assembly? cuda = null;
            try { cuda = System.Reflection.Assembly.Load("Mnist.Scripting.Cuda"); }
            catch (IOException)
            {
                var here = typeof(Backend).Assembly.Location;
                var beside = Path.Combine(here.Length > 0 ? Path.GetDirectoryName(here)! : AppContext.BaseDirectory, "Mnist.Scripting.Cuda.dll");
                if (File.Exists(beside)) cuda = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof(Backend).Assembly)!.LoadFromAssemblyPath(beside);
            }
            if (cuda is not null) System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(cuda.ManifestModule.ModuleHandle);
            return CudaFactory is not null;
        }
    }

    public static IBackend Cpu => CpuBackend.Instance;

    /// <summary>The reference backend: every primitive as a plain loop with float64 accumulation, what the others are checked against.</summary>
    public static IBackend Reference => ReferenceBackend.Instance;

    [ThreadStatic] static bool onReference;

    /// <summary>
    /// Until disposed, CPU tensors this thread makes live on the reference backend (plain loops, no SIMD, no BLAS), and
    /// every op on them runs there: <c>using (Backend.UseReference()) { ... }</c> recomputes a result by the definitions,
    /// to tell a fast-path bug from a model's. Results print and compare as CPU tensors. Tests check each op through it.
    /// </summary>
    public static IDisposable UseReference()
    {
        bool before = onReference;
        onReference = true;
        return new Restore(() => onReference = before);
    }

    sealed class Restore(Action undo) : IDisposable { public void Dispose() => undo(); }

    /// <summary>Storage over a host array on <paramref name="device"/>: on the CPU the array itself, shared not copied (torch.from_numpy); elsewhere a copy.</summary>
    internal static Storage FromHostShared(Array data, DType dtype, Device? device) =>
        device is null || device.Type == DeviceType.Cpu
            ? onReference ? new ReferenceStorage(data, dtype) : CpuBackend.Wrap(data, dtype)
            : For(device).FromHost(data, dtype);

    public static IBackend For(Device device)
    {
        if (device.Type == DeviceType.Cpu) return onReference ? ReferenceBackend.Instance : CpuBackend.Instance;
        var (ok, reason) = CudaProbe();
        if (!ok || CudaFactory is null) throw new InvalidOperationException($"CUDA unavailable: {reason}. Use Device.Cpu, or check Device.CudaAvailable first.");
        return CudaFactory();
    }

    /// <summary>Which GEMM runs float matmuls on the CPU; tests and benchmarks may switch it.</summary>
    public static GemmProvider CpuGemm
    {
        get => Gemm.Active;
        set
        {
            if (value == GemmProvider.OpenBlas && !Gemm.OpenBlasLoaded) throw new InvalidOperationException($"OpenBLAS unavailable: {Gemm.OpenBlasMissingReason}");
            Gemm.Active = value;
        }
    }

    /// <summary>
    /// Whether thin float32 products (a convolution's, a small layer's) run on our AVX-512 kernels instead of the GEMM
    /// provider: on where the CPU runs 512-bit vectors natively, unless MNIST_SCRIPTING_GEMM512=off; tests and
    /// benchmarks may switch it.
    /// </summary>
    public static bool CpuThinGemm
    {
        get => Gemm.ThinKernels;
        set
        {
            if (value && !Sgemm512.Accelerated)
                throw new InvalidOperationException("the thin-product GEMM kernels need AVX-512, which this CPU (or DOTNET_EnableAVX512=0, DOTNET_PreferredVectorBitWidth=256) rules out");
            Gemm.ThinKernels = value;
        }
    }

    /// <summary>Whether the system OpenBLAS was found.</summary>
    public static bool OpenBlasAvailable => Gemm.OpenBlasLoaded;

    /// <summary>Sets the threads used by CPU kernels' parallel loops and by OpenBLAS.</summary>
    public static void SetNumThreads(int threads)
    {
        Gemm.SetThreads(threads);
        NumThreads = threads;
    }

    public static int NumThreads { get; private set; } = Environment.ProcessorCount;

    /// <summary>One line on what computes: e.g. "cpu: 2 threads, GEMM OpenBLAS [...]; cuda: unavailable (...)".</summary>
    public static string Describe()
    {
        var (ok, reason) = CudaProbe();
        return $"cpu: {NumThreads} threads, SIMD {(System.Numerics.Vector.IsHardwareAccelerated ? $"{System.Numerics.Vector<float>.Count * 32}-bit" : "off")}, GEMM {Gemm.Describe()}; " +
               $"cuda: {(ok ? "available" : $"unavailable ({reason})")}; settings: {EngineSettings.Current.Describe()}";
    }
}
