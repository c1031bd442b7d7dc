// A flat buffer of elements owned by one backend; tensors are strided views over it.
namespace Mnist.Scripting.Backends;

/// <summary>A flat, typed buffer on one device. Tensors view it through shape, strides and offset.</summary>
public abstract class Storage
{
    protected Storage(DType dtype, int length) { DType = dtype; Length = length; Serial = Interlocked.Increment(ref made); }

    static long made;

    /// <summary>How many storages existed when this one was made: autograd recycles only gradients made during its own pass.</summary>
    internal long Serial { get; }

    /// <summary>The serial the next storage will get.</summary>
    internal static long NextSerial => Interlocked.Read(ref made) + 1;

    public DType DType { get; }
    public int Length { get; }
    public abstract IBackend Backend { get; }
    public Device Device => Backend.Device;

    /// <summary>
    /// Bumped by every in-place write (tensor._version, shared by all views of this storage): autograd records it when
    /// it saves a tensor for backward and refuses to use the tensor if it changed since.
    /// </summary>
    internal int Version;

    /// <summary>Bumped when a recorded in-place op gives the tensor over this storage a new grad_fn, so older views of it are out of date.</summary>
    internal int GraphRebases;

    /// <summary>
    /// Hands the buffer to its backend's pool for reuse (the CPU's arrays); nothing for a backend without one. Only for a
    /// caller that knows nothing else reaches this storage: any later use fails instead of reading reused memory.
    /// </summary>
    internal virtual void Recycle() { }

    /// <summary>Ends a scratch buffer now: pooled where the backend pools (<see cref="Recycle"/>), freed otherwise (device memory).</summary>
    internal virtual void Release() => Recycle();
}

/// <summary>
/// What a backend sees of a tensor: storage plus shape, strides (in elements) and offset.
/// Inputs of a primitive arrive already broadcast to the output shape (stride 0 on expanded dims).
/// </summary>
public readonly record struct View(Storage Storage, int[] Shape, int[] Strides, int Offset)
{
    public DType DType => Storage.DType;
    public int Rank => Shape.Length;
    public long Numel { get { long n = 1; foreach (var s in Shape) n *= s; return n; } }

    /// <summary>True when elements are laid out row-major without gaps starting at Offset.</summary>
    public bool IsContiguous
    {
        get
        {
            int expected = 1;
            for (int d = Shape.Length - 1; d >= 0; d--)
            {
                if (Shape[d] != 1 && Strides[d] != expected) return false;
                expected *= Shape[d];
            }
            return true;
        }
    }
}
