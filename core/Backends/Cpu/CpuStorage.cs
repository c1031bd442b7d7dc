// CPU storage: a managed array (float[], double[], long[], or byte[] for Bool and UInt8).
namespace Mnist.Scripting.Backends.Cpu;

/// <summary>A managed array; the reference backend's storage derives from it (same arrays, its own Backend).</summary>
internal class CpuStorage : Storage
{
    public CpuStorage(Array data, DType dtype) : base(dtype, data.Length) => this.data = data;

    /// <summary>The elements; an empty array once the storage gave its array back (<see cref="Recycle"/>), so a stale use fails loudly.</summary>
    public Array Data => data;
    Array data;

    /// <summary>True when the array was allocated for this storage (not a caller's array wrapped by FromArray): only such an array may go to the pool.</summary>
    public bool OwnsArray { get; init; }

    /// <summary>Hands an array this storage owns to the pool and leaves an empty one; a caller's array is left alone.</summary>
    internal override void Recycle()
    {
        if (!OwnsArray) return;
        var a = Interlocked.Exchange(ref data, Array.CreateInstance(data.GetType().GetElementType()!, 0));
        if (a.Length > 0) ScratchPool.Return(a);
    }

    public override IBackend Backend => CpuBackend.Instance;

    public T[] As<T>() => (T[])Data;
}
