// Scratch tensors: buffers an op takes for its own use (never handed to user code) and gives back as soon as it is done;
// and recycling an intermediate whose every reader is known to be done.
namespace Mnist.Scripting;

public sealed partial class Tensor
{
    /// <summary>
    /// An uninitialized contiguous tensor for an op's internal use (on the CPU, from the pool every allocation draws on);
    /// the op must call <see cref="ReleaseScratch"/> once nothing reads it any more, and must not let it escape.
    /// </summary>
    internal static Tensor Scratch(int[] shape, DType dtype, Device device) => Empty(shape, dtype, device, "scratch");

    /// <summary>
    /// Gives this tensor's CPU memory to the pool that large allocations draw from, for a caller that knows no one else
    /// can reach the storage (Sequential's intermediates without a graph). Any later use fails instead of reading reused memory.
    /// </summary>
    internal void Recycle() => storage.Recycle();

    /// <summary>Gives a <see cref="Scratch"/> tensor's memory back (device memory is freed); any later use fails instead of reading reused memory.</summary>
    internal void ReleaseScratch() => storage.Release();
}
