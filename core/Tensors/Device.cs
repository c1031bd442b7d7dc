// Where a tensor's storage lives: the CPU, or (when the CUDA backend is available) a GPU.
namespace Mnist.Scripting;

/// <summary>A compute device (torch.device). <c>Device.Cpu</c> always works.</summary>
public sealed record Device(DeviceType Type, int Index = 0)
{
    /// <summary>The CPU (torch.device('cpu')).</summary>
    public static readonly Device Cpu = new(DeviceType.Cpu);

    /// <summary>The first CUDA GPU (torch.device('cuda')).</summary>
    public static readonly Device Cuda = new(DeviceType.Cuda);

    /// <summary>Whether a CUDA device can be used; <see cref="CudaUnavailableReason"/> says why not.</summary>
    public static bool CudaAvailable => Backends.Backend.CudaProbe().Available;

    /// <summary>Why CUDA cannot be used, or null when it can.</summary>
    public static string? CudaUnavailableReason => Backends.Backend.CudaProbe().Reason;

    public override string ToString() => Type == DeviceType.Cpu ? "cpu" : $"cuda:{Index}";
}

public enum DeviceType { Cpu, Cuda }
