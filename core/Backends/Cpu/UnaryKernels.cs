// CPU unary kernels, one struct per primitive with its dispatch case, and dtype-converting copies: SIMD on contiguous
// rows, a strided loop otherwise. A new unary op is a kernel struct here and its case in UnaryFloat or UnaryNumber.
using System.Numerics;
using System.Numerics.Tensors;

namespace Mnist.Scripting.Backends.Cpu;

internal sealed partial class CpuBackend
{
    // The trait routes: float-only ops reach the float kernels (their generic constraints need IFloatingPointIeee754),
    // the rest the kernels over any number type.
    public void Unary(UnaryOp op, View x, View dst)
    {
        op.CheckInput(x.DType);
        switch (Arr(x))
        {
            case float[] f: Unary(op, f, (float[])Arr(dst), x, dst); break;
            case double[] d: Unary(op, d, (double[])Arr(dst), x, dst); break;
            case long[] l: UnaryNumber(op, l, (long[])Arr(dst), x, dst); break;
            case byte[] b: UnaryNumber(op, b, (byte[])Arr(dst), x, dst); break;
        }
    }

    static void Unary<T>(UnaryOp op, T[] x, T[] d, View xv, View dv) where T : IFloatingPointIeee754<T>
    {
        if (op.IsFloatOnly()) UnaryFloat(op, x, d, xv, dv);
        else UnaryNumber(op, x, d, xv, dv);
    }

    static void UnaryFloat<T>(UnaryOp op, T[] x, T[] d, View xv, View dv) where T : IFloatingPointIeee754<T>
    {
        switch (op)
        {
            case UnaryOp.Exp: Run(new UnaryRow<T, ExpOp<T>>(x, d), dv, true, xv, dv); break;
            case UnaryOp.Log: Run(new UnaryRow<T, LogOp<T>>(x, d), dv, true, xv, dv); break;
            case UnaryOp.Sqrt: Run(new UnaryRow<T, SqrtOp<T>>(x, d), dv, true, xv, dv); break;
            case UnaryOp.Sigmoid: Run(new UnaryRow<T, SigmoidOp<T>>(x, d), dv, true, xv, dv); break;
            case UnaryOp.Tanh: Run(new UnaryRow<T, TanhOp<T>>(x, d), dv, true, xv, dv); break;
            case UnaryOp.Reciprocal: Run(new UnaryRow<T, ReciprocalOp<T>>(x, d), dv, true, xv, dv); break;
            default: throw new NotSupportedException($"no CPU kernel for {op} among the float-only ones: add its case here (OpTraits.IsFloatOnly says it is float-only)");
        }
    }

    static void UnaryNumber<T>(UnaryOp op, T[] x, T[] d, View xv, View dv) where T : INumber<T>
    {
        switch (op)
        {
            case UnaryOp.Neg: Run(new UnaryRow<T, NegOp<T>>(x, d), dv, true, xv, dv); break;
            case UnaryOp.Abs: Run(new UnaryRow<T, AbsOp<T>>(x, d), dv, true, xv, dv); break;
            case UnaryOp.Relu: Run(new UnaryRow<T, ReluOp<T>>(x, d), dv, true, xv, dv); break;
            case UnaryOp.Sign: Run(new UnaryRow<T, SignOp<T>>(x, d), dv, true, xv, dv); break;
            default: throw new NotSupportedException($"no CPU kernel for {op} over any number type: add its case here (OpTraits.IsFloatOnly says it is not float-only)");
        }
    }
}

internal interface IUnary<T>
{
    static abstract T Apply(T x);
    static abstract bool Vec(ReadOnlySpan<T> x, Span<T> d);
}

internal struct NegOp<T> : IUnary<T> where T : INumber<T>
{
    public static T Apply(T x) => -x;
    public static bool Vec(ReadOnlySpan<T> x, Span<T> d) { TensorPrimitives.Negate(x, d); return true; }
}

internal struct AbsOp<T> : IUnary<T> where T : INumber<T>
{
    public static T Apply(T x) => T.Abs(x);
    public static bool Vec(ReadOnlySpan<T> x, Span<T> d) { if (typeof(T) == typeof(byte)) return false; TensorPrimitives.Abs(x, d); return true; }
}

internal struct ReluOp<T> : IUnary<T> where T : INumber<T>
{
    public static T Apply(T x) => T.IsNaN(x) ? x : (x > T.Zero ? x : T.Zero);
    public static bool Vec(ReadOnlySpan<T> x, Span<T> d) { TensorPrimitives.Max(x, T.Zero, d); return true; }
}

internal struct SignOp<T> : IUnary<T> where T : INumber<T>
{
    public static T Apply(T x) => T.IsNaN(x) ? x : x > T.Zero ? T.One : x < T.Zero ? -T.One : T.Zero;
    public static bool Vec(ReadOnlySpan<T> x, Span<T> d) => false;
}

internal struct ExpOp<T> : IUnary<T> where T : IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.Exp(x);
    public static bool Vec(ReadOnlySpan<T> x, Span<T> d) { TensorPrimitives.Exp(x, d); return true; }
}

internal struct LogOp<T> : IUnary<T> where T : IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.Log(x);
    public static bool Vec(ReadOnlySpan<T> x, Span<T> d) { TensorPrimitives.Log(x, d); return true; }
}

internal struct SqrtOp<T> : IUnary<T> where T : IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.Sqrt(x);
    public static bool Vec(ReadOnlySpan<T> x, Span<T> d) { TensorPrimitives.Sqrt(x, d); return true; }
}

internal struct SigmoidOp<T> : IUnary<T> where T : IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.One / (T.One + T.Exp(-x));
    public static bool Vec(ReadOnlySpan<T> x, Span<T> d) { TensorPrimitives.Sigmoid(x, d); return true; }
}

internal struct TanhOp<T> : IUnary<T> where T : IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.Tanh(x);
    public static bool Vec(ReadOnlySpan<T> x, Span<T> d) { TensorPrimitives.Tanh(x, d); return true; }
}

internal struct ReciprocalOp<T> : IUnary<T> where T : IFloatingPointIeee754<T>
{
    public static T Apply(T x) => T.One / x;
    public static bool Vec(ReadOnlySpan<T> x, Span<T> d) { TensorPrimitives.Reciprocal(x, d); return true; }
}

internal struct UnaryRow<T, TOp>(T[] x, T[] d) : IRowKernel where TOp : IUnary<T>
{
    public void Row(ReadOnlySpan<int> o, int n, ReadOnlySpan<int> s)
    {
        if (s[0] == 1 && s[1] == 1 && TOp.Vec(x.AsSpan(o[0], n), d.AsSpan(o[1], n))) return;
        int ix = o[0], id = o[1], sx = s[0], sd = s[1];
        for (int j = 0; j < n; j++, ix += sx, id += sd) d[id] = TOp.Apply(x[ix]);
    }
}

/// <summary>Strided copy with conversion; Bool targets get 0/1.</summary>
internal struct ConvertRow<TIn, TOut>(TIn[] x, TOut[] d, bool toBool) : IRowKernel
    where TIn : INumber<TIn> where TOut : INumber<TOut>
{
    public void Row(ReadOnlySpan<int> o, int n, ReadOnlySpan<int> s)
    {
        if (typeof(TIn) == typeof(TOut) && !toBool && s[0] == 1 && s[1] == 1)
        {
            ((TOut[])(object)x).AsSpan(o[0], n).CopyTo(d.AsSpan(o[1], n));
            return;
        }
        int ix = o[0], id = o[1], sx = s[0], sd = s[1];
        if (toBool)
            for (int j = 0; j < n; j++, ix += sx, id += sd) d[id] = TIn.IsZero(x[ix]) ? TOut.Zero : TOut.One;
        else
            for (int j = 0; j < n; j++, ix += sx, id += sd) d[id] = TOut.CreateTruncating(x[ix]);
    }
}

internal struct FillRow<T>(T[] d, T value) : IRowKernel
{
    public void Row(ReadOnlySpan<int> o, int n, ReadOnlySpan<int> s)
    {
        if (s[0] == 1) { d.AsSpan(o[0], n).Fill(value); return; }
        for (int j = 0, i = o[0]; j < n; j++, i += s[0]) d[i] = value;
    }
}
