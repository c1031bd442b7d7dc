// CPU storage: a managed array (float[], double[], long[], or byte[] for Bool and UInt8).
namespace Mnist.Scripting.Backends.Cpu;

internal sealed class CpuStorage : Storage
{
    public CpuStorage(Array data, DType dtype) : base(dtype, data.Length) => Data = data;

    public Array Data { get; }
    public override IBackend Backend => CpuBackend.Instance;

    public T[] As<T>() => (T[])Data;
}
