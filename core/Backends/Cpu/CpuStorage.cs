// CPU storage: a managed array (float[], double[], long[], or byte[] for Bool and UInt8).
namespace Mnist.Scripting.Backends.Cpu;

internal sealed class CpuStorage : Storage
{
    public CpuStorage(Array data, DType dtype) : base(dtype, data.Length) => Data = data;

    public Array Data { get; }
    public override IBackend Backend => CpuBackend.Instance;

    public T[] As<T>() => (T[])Data;

    // IBackend.Allocate promises no contents and every kernel writes its whole output, so float arrays skip the
    // zeroing: for the chapter's 3 MB intermediates, zeroing fresh memory cost more than the op itself.
    internal static Array NewArray(DType dtype, int length) => dtype switch
    {
        DType.Float32 => GC.AllocateUninitializedArray<float>(length),
        DType.Float64 => GC.AllocateUninitializedArray<double>(length),
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
