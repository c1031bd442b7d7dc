// Host arrays of the storage element types: allocating them, and converting them to and from the element types callers use.
using System.Numerics;

namespace Mnist.Scripting.Backends;

internal static class HostArrays
{
    /// <summary>A new host array for <paramref name="dtype"/>: CPU storage and device-to-host copies both use it.</summary>
    // IBackend.Allocate promises no contents and every kernel writes its whole output, so float arrays skip the
    // zeroing: for the chapter's 3 MB intermediates, zeroing fresh memory cost more than the op itself.
    public static Array NewArray(DType dtype, int length) => dtype switch
    {
        DType.Float32 => GC.AllocateUninitializedArray<float>(length),
        DType.Float64 => GC.AllocateUninitializedArray<double>(length),
        DType.Int64 => new long[length],
        _ => new byte[length],
    };

    /// <summary>Converts a storage-typed host array (float[], double[], long[], byte[]) to T[] (float, double, long, int, byte, bool).</summary>
    public static T[] Convert<T>(Array src, DType dtype) where T : unmanaged
    {
        if (src is T[] same && !(typeof(T) == typeof(byte) && dtype == DType.Bool)) return same;
        return src switch
        {
            float[] f => Map<float, T>(f),
            double[] d => Map<double, T>(d),
            long[] l => Map<long, T>(l),
            byte[] b => Map<byte, T>(b),
            _ => throw new NotSupportedException($"unsupported host array {src.GetType().Name}"),
        };
    }

    static TOut[] Map<TIn, TOut>(TIn[] src) where TIn : unmanaged, INumber<TIn> where TOut : unmanaged
    {
        var r = new TOut[src.Length];
        if (typeof(TOut) == typeof(bool))
        {
            var rb = (bool[])(object)r;
            for (int i = 0; i < src.Length; i++) rb[i] = src[i] != TIn.Zero;
        }
        else if (typeof(TOut) == typeof(float)) Fill((float[])(object)r, src);
        else if (typeof(TOut) == typeof(double)) Fill((double[])(object)r, src);
        else if (typeof(TOut) == typeof(long)) Fill((long[])(object)r, src);
        else if (typeof(TOut) == typeof(int)) Fill((int[])(object)r, src);
        else if (typeof(TOut) == typeof(byte)) Fill((byte[])(object)r, src);
        else throw new NotSupportedException($"cannot convert tensor elements to {typeof(TOut).Name}");
        return r;
    }

    static void Fill<TIn, TOut>(TOut[] dst, TIn[] src) where TIn : INumber<TIn> where TOut : INumber<TOut>
    {
        for (int i = 0; i < src.Length; i++) dst[i] = TOut.CreateTruncating(src[i]);
    }

    /// <summary>Turns a user array into a storage-typed array and its dtype (int → Int64, bool → Bool bytes).</summary>
    public static (Array data, DType dtype) ToStorageArray(Array src) => src switch
    {
        float[] f => (f, DType.Float32),
        double[] d => (d, DType.Float64),
        long[] l => (l, DType.Int64),
        int[] i => (Array.ConvertAll(i, v => (long)v), DType.Int64),
        byte[] b => (b, DType.UInt8),
        bool[] b => (Array.ConvertAll(b, v => v ? (byte)1 : (byte)0), DType.Bool),
        _ => throw new NotSupportedException($"Tensor.FromArray: unsupported element type {src.GetType().GetElementType()?.Name}; use float, double, long, int, byte or bool"),
    };
}
