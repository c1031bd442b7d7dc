// Scratch tensors: buffers an op takes for its own use (never handed to user code) and gives back as soon as it is done;
// and recycling an intermediate whose every reader is known to be done.
using Mnist.Scripting.Backends;
using Mnist.Scripting.Backends.Cpu;

namespace Mnist.Scripting;

public sealed partial class Tensor
{
    /// <summary>
    /// An uninitialized contiguous tensor for an op's internal use. On the CPU its array comes from <see cref="ScratchPool"/>;
    /// the op must call <see cref="ReleaseScratch"/> once nothing reads it any more, and must not let it escape.
    /// </summary>
    internal static Tensor Scratch(int[] shape, DType dtype, Device device)
    {
        if (device.Type != DeviceType.Cpu) return Empty(shape, dtype, device, "scratch");
        int n = Shapes.NumelOf(shape, "scratch");
        return new Tensor(new CpuStorage(ScratchPool.Rent(dtype, n), dtype) { IsScratch = true, OwnsArray = true }, shape);
    }

    /// <summary>
    /// Gives this tensor's CPU memory to the pool that large allocations draw from, for a caller that knows no one else
    /// can reach the storage (Sequential's intermediates without a graph). Any later use fails instead of reading reused memory.
    /// </summary>
    internal void Recycle()
    {
        if (storage is CpuStorage c) c.GiveBack(force: true);
    }

    /// <summary>Gives a <see cref="Scratch"/> tensor's memory back (device memory is freed); any later use fails instead of reading reused memory.</summary>
    internal void ReleaseScratch()
    {
        switch (storage)
        {
            case CpuStorage { IsScratch: true } c: c.GiveBack(); break;
            case IDisposable d when storage is not CpuStorage: d.Dispose(); break;
        }
    }
}
