// Registers the CUDA backend with core when the assembly loads: a cached probe (driver, device) and the backend factory.
using System.Runtime.CompilerServices;
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Cuda;

/// <summary>Whether CUDA works here, and the backend once it does.</summary>
public static class CudaRuntime
{
    static readonly Lazy<(CudaDriver? Driver, string? Reason)> probe = new(() =>
    {
        var name = EngineSettings.Current.CudaLibrary;
        try { return CudaDriver.Load(name); }
        catch (Exception e) { return (null, $"loading the CUDA driver threw {e.GetType().Name}: {e.Message}"); }
    });

    static readonly Lazy<CudaBackend> backend = new(() =>
    {
        var (driver, reason) = probe.Value;
        if (driver is null) throw new InvalidOperationException($"CUDA unavailable: {reason}");
        return new CudaBackend(new CudaContext(driver));
    });

    /// <summary>True when a driver and a device were found; <see cref="UnavailableReason"/> says why not.</summary>
    public static bool Available => probe.Value.Driver is not null;

    public static string? UnavailableReason => probe.Value.Reason;

    /// <summary>The backend for device 0 (creates the context and loads the PTX on first use).</summary>
    public static CudaBackend Backend => backend.Value;

    /// <summary>Tries a specific driver library, e.g. a missing one in tests: (false, reason) or (true, null).</summary>
    public static (bool Available, string? Reason) ProbeLibrary(string library)
    {
        var (d, reason) = CudaDriver.Load(library);
        return (d is not null, d is null ? $"CUDA unavailable: {reason}" : null);
    }

#pragma warning disable CA2255 // core's Backend registry is filled from here so Backends/ needs no reference to Cuda/.
    [ModuleInitializer]
    internal static void Register()
    {
        Backends.Backend.CudaProbe = () => (Available, UnavailableReason);
        Backends.Backend.CudaFactory = () => backend.Value;
    }
#pragma warning restore CA2255
}
