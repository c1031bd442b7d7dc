// Device choice for scripts (Tensor.DefaultDevice, MNIST_SCRIPTING_DEVICE) and deterministic release of device memory.
namespace Mnist.Scripting;

public sealed partial class Tensor : IDisposable
{
    static Device? defaultDevice;
    static readonly Lock defaultGate = new();

    /// <summary>
    /// The device scripts should put tensors on (torch.set_default_device). Starts from MNIST_SCRIPTING_DEVICE=cuda|cpu;
    /// when CUDA is asked for but unavailable it falls back to the CPU and says why once.
    /// </summary>
    public static Device DefaultDevice
    {
        get { lock (defaultGate) return defaultDevice ??= DeviceFromEnvironment(EngineSettings.Current.Device, Notices.Say); }
        set { lock (defaultGate) defaultDevice = value; }
    }

    internal static Device DeviceFromEnvironment(string? value, Action<string> notice)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "cpu": return Device.Cpu;
            case "cuda" or "cuda:0" or "gpu":
                if (Device.CudaAvailable) return Device.Cuda;
                notice($"MNIST_SCRIPTING_DEVICE={value}: CUDA unavailable: {Device.CudaUnavailableReason}; using the CPU");
                return Device.Cpu;
            default:
                notice($"MNIST_SCRIPTING_DEVICE={value} is not a device (use cuda or cpu); using the CPU");
                return Device.Cpu;
        }
    }

    /// <summary>Frees this tensor's device memory now (views of the same storage become unusable); a no-op on the CPU.</summary>
    public void Dispose()
    {
        if (storage is IDisposable d) d.Dispose();
    }

    /// <summary>Opens a scope that frees the CUDA tensors created in it when disposed (torch's DisposeScope in TorchSharp).</summary>
    public static DisposeScope NewDisposeScope() => new();
}
