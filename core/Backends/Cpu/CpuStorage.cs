// CPU storage: a managed array (float[], double[], long[], or byte[] for Bool and UInt8).
namespace Mnist.Scripting.Backends.Cpu;

internal sealed class CpuStorage : Storage
{
    public CpuStorage(Array data, DType dtype) : base(dtype, data.Length) => Data = data;

    public Array Data { get; }
    public override IBackend Backend => CpuBackend.Instance;

    public T[] As<T>() => (T[])Data;

    internal static Array NewArray(DType dtype, int length) => dtype switch
    {
        DType.Float32 => new float[length],
        DType.Float64 => new double[length],
        DType.Int64 => new long[length],
        _ => new byte[length],
    };

    internal static Type ElementType(DType dtype) => dtype switch
    {
        DType.Float32 => typeof(float),
        DType.Float64 => typeof(double),
        DType.Int64 => typeof(long),
        _ => typeof(byte),
    };
}
