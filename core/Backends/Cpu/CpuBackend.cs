// The CPU backend: the reference semantics. Dispatches each primitive to a generic kernel by dtype.
using System.Numerics;

namespace Mnist.Scripting.Backends.Cpu;

internal sealed partial class CpuBackend : IBackend
{
    public static readonly CpuBackend Instance = new();

    public Device Device => Device.Cpu;

    public Storage Allocate(DType dtype, int length) => new CpuStorage(ScratchPool.Rent(dtype, length), dtype) { OwnsArray = true };

    public Storage FromHost(Array data, DType dtype) => new CpuStorage((Array)data.Clone(), dtype);

    internal static Storage Wrap(Array data, DType dtype) => new CpuStorage(data, dtype);

    public Array ToHost(View src)
    {
        var dst = new View(Allocate(src.DType, (int)src.Numel), src.Shape, Shapes.ContiguousStrides(src.Shape), 0);
        Copy(src, dst);
        return ((CpuStorage)dst.Storage).Data;
    }

    static Array Arr(View v) => ((CpuStorage)v.Storage).Data;

    static void Run<TK>(TK k, View shapeOf, bool parallel, params View[] ops) where TK : struct, IRowKernel
    {
        var strides = new int[ops.Length][];
        var offsets = new int[ops.Length];
        for (int i = 0; i < ops.Length; i++) { strides[i] = ops[i].Strides; offsets[i] = ops[i].Offset; }
        StridedLoop.Run(k, shapeOf.Shape, strides, offsets, parallel);
    }

    public void Copy(View src, View dst)
    {
        bool toBool = dst.DType == DType.Bool && src.DType != DType.Bool;
        switch (Arr(src))
        {
            case float[] f: CopyFrom(f, dst, src, toBool); break;
            case double[] d: CopyFrom(d, dst, src, toBool); break;
            case long[] l: CopyFrom(l, dst, src, toBool); break;
            case byte[] b: CopyFrom(b, dst, src, toBool); break;
        }
    }

    static void CopyFrom<TIn>(TIn[] x, View dst, View src, bool toBool) where TIn : INumber<TIn>
    {
        switch (Arr(dst))
        {
            case float[] f: Run(new ConvertRow<TIn, float>(x, f, false), dst, true, src, dst); break;
            case double[] d: Run(new ConvertRow<TIn, double>(x, d, false), dst, true, src, dst); break;
            case long[] l: Run(new ConvertRow<TIn, long>(x, l, false), dst, true, src, dst); break;
            case byte[] b: Run(new ConvertRow<TIn, byte>(x, b, toBool), dst, true, src, dst); break;
        }
    }

    public void Fill(View dst, double value)
    {
        switch (Arr(dst))
        {
            case float[] f: Run(new FillRow<float>(f, (float)value), dst, true, dst); break;
            case double[] d: Run(new FillRow<double>(d, value), dst, true, dst); break;
            case long[] l: Run(new FillRow<long>(l, (long)value), dst, true, dst); break;
            case byte[] b: Run(new FillRow<byte>(b, dst.DType == DType.Bool ? (value != 0 ? (byte)1 : (byte)0) : (byte)(long)value), dst, true, dst); break;
        }
    }

    public void Binary(BinaryOp op, View a, View b, View dst)
    {
        switch (Arr(a))
        {
            case float[] f: Binary(op, f, (float[])Arr(b), a, b, dst); break;
            case double[] d: Binary(op, d, (double[])Arr(b), a, b, dst); break;
            case long[] l: Binary(op, l, (long[])Arr(b), a, b, dst); break;
            case byte[] y: Binary(op, y, (byte[])Arr(b), a, b, dst); break;
        }
    }

    static void Binary<T>(BinaryOp op, T[] x, T[] y, View a, View b, View dst) where T : INumber<T>
    {
        if (op.IsComparison()) { Compare(op, x, y, (byte[])Arr(dst), a, b, dst); return; }
        var d = (T[])Arr(dst);
        switch (op)
        {
            case BinaryOp.Add: Run(new BinaryRow<T, AddOp<T>>(x, y, d), dst, true, a, b, dst); break;
            case BinaryOp.Sub: Run(new BinaryRow<T, SubOp<T>>(x, y, d), dst, true, a, b, dst); break;
            case BinaryOp.Mul: Run(new BinaryRow<T, MulOp<T>>(x, y, d), dst, true, a, b, dst); break;
            case BinaryOp.Div: Run(new BinaryRow<T, DivOp<T>>(x, y, d), dst, true, a, b, dst); break;
            case BinaryOp.Pow: Run(new BinaryRow<T, PowOp<T>>(x, y, d), dst, true, a, b, dst); break;
            case BinaryOp.Maximum: Run(new BinaryRow<T, MaximumOp<T>>(x, y, d), dst, true, a, b, dst); break;
            case BinaryOp.Minimum: Run(new BinaryRow<T, MinimumOp<T>>(x, y, d), dst, true, a, b, dst); break;
        }
    }

    static void Compare<T>(BinaryOp op, T[] x, T[] y, byte[] d, View a, View b, View dst) where T : INumber<T>
    {
        switch (op)
        {
            case BinaryOp.Lt: Run(new CompareRow<T, LtOp<T>>(x, y, d), dst, true, a, b, dst); break;
            case BinaryOp.Le: Run(new CompareRow<T, LeOp<T>>(x, y, d), dst, true, a, b, dst); break;
            case BinaryOp.Gt: Run(new CompareRow<T, GtOp<T>>(x, y, d), dst, true, a, b, dst); break;
            case BinaryOp.Ge: Run(new CompareRow<T, GeOp<T>>(x, y, d), dst, true, a, b, dst); break;
            case BinaryOp.Eq: Run(new CompareRow<T, EqOp<T>>(x, y, d), dst, true, a, b, dst); break;
            case BinaryOp.Ne: Run(new CompareRow<T, NeOp<T>>(x, y, d), dst, true, a, b, dst); break;
        }
    }

    public void Where(View cond, View a, View b, View dst)
    {
        var c = (byte[])Arr(cond);
        switch (Arr(a))
        {
            case float[] f: Run(new WhereRow<float>(c, f, (float[])Arr(b), (float[])Arr(dst)), dst, true, cond, a, b, dst); break;
            case double[] d: Run(new WhereRow<double>(c, d, (double[])Arr(b), (double[])Arr(dst)), dst, true, cond, a, b, dst); break;
            case long[] l: Run(new WhereRow<long>(c, l, (long[])Arr(b), (long[])Arr(dst)), dst, true, cond, a, b, dst); break;
            case byte[] y: Run(new WhereRow<byte>(c, y, (byte[])Arr(b), (byte[])Arr(dst)), dst, true, cond, a, b, dst); break;
        }
    }
}
