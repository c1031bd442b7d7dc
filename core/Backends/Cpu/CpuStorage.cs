// CPU storage: a managed array (float[], double[], long[], or byte[] for Bool and UInt8).
namespace Mnist.Scripting.Backends.Cpu;

internal sealed class CpuStorage : Storage
{
    public CpuStorage(Array data, DType dtype) : base(dtype, data.Length) => Data = data;

    /// <summary>The elements; an empty array once <see cref="Tensor.ReleaseScratch"/> gave a scratch buffer back, so a stale use fails loudly.</summary>
    public Array Data { get; private set; }

    /// <summary>True for a buffer from <see cref="ScratchPool"/>, which only the op that took it may give back.</summary>
    public bool IsScratch { get; init; }

    internal void GiveBack(bool force = false)
    {
        if (!(IsScratch || force) || Data.Length == 0) return;
        var a = Data;
        Data = Array.CreateInstance(a.GetType().GetElementType()!, 0);
        ScratchPool.Return(a);
    }
    public override IBackend Backend => CpuBackend.Instance;

    public T[] As<T>() => (T[])Data;
}
