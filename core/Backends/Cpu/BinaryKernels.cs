// CPU binary kernels: one generic row kernel, SIMD (TensorPrimitives) on contiguous and scalar-broadcast rows.
using System.Numerics;
using System.Numerics.Tensors;

namespace Mnist.Scripting.Backends.Cpu;

internal interface IBinary<T>
{
    static abstract T Apply(T a, T b);
    /// <summary>SIMD forms; return false when the op has none for T.</summary>
    static abstract bool Vec(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d);
    static abstract bool VecScalarB(ReadOnlySpan<T> a, T b, Span<T> d);
    static abstract bool VecScalarA(T a, ReadOnlySpan<T> b, Span<T> d);
}

internal struct AddOp<T> : IBinary<T> where T : INumber<T>
{
    public static T Apply(T a, T b) => a + b;
    public static bool Vec(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) { TensorPrimitives.Add(a, b, d); return true; }
    public static bool VecScalarB(ReadOnlySpan<T> a, T b, Span<T> d) { TensorPrimitives.Add(a, b, d); return true; }
    public static bool VecScalarA(T a, ReadOnlySpan<T> b, Span<T> d) { TensorPrimitives.Add(b, a, d); return true; }
}

internal struct SubOp<T> : IBinary<T> where T : INumber<T>
{
    public static T Apply(T a, T b) => a - b;
    public static bool Vec(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) { TensorPrimitives.Subtract(a, b, d); return true; }
    public static bool VecScalarB(ReadOnlySpan<T> a, T b, Span<T> d) { TensorPrimitives.Subtract(a, b, d); return true; }
    public static bool VecScalarA(T a, ReadOnlySpan<T> b, Span<T> d) { TensorPrimitives.Subtract(a, b, d); return true; }
}

internal struct MulOp<T> : IBinary<T> where T : INumber<T>
{
    public static T Apply(T a, T b) => a * b;
    public static bool Vec(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) { TensorPrimitives.Multiply(a, b, d); return true; }
    public static bool VecScalarB(ReadOnlySpan<T> a, T b, Span<T> d) { TensorPrimitives.Multiply(a, b, d); return true; }
    public static bool VecScalarA(T a, ReadOnlySpan<T> b, Span<T> d) { TensorPrimitives.Multiply(b, a, d); return true; }
}

internal struct DivOp<T> : IBinary<T> where T : INumber<T>
{
    // Integer division by zero would throw in .NET; PyTorch raises "ZeroDivisionError" for integer tensors too.
    public static T Apply(T a, T b) => !IsFloat && T.IsZero(b)
        ? throw new DivideByZeroException("div: integer division by zero (ZeroDivisionError); use .Float() for IEEE semantics")
        : a / b;
    static bool IsFloat => typeof(T) == typeof(float) || typeof(T) == typeof(double);
    public static bool Vec(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) { if (!IsFloat) return false; TensorPrimitives.Divide(a, b, d); return true; }
    public static bool VecScalarB(ReadOnlySpan<T> a, T b, Span<T> d) { if (!IsFloat) return false; TensorPrimitives.Divide(a, b, d); return true; }
    public static bool VecScalarA(T a, ReadOnlySpan<T> b, Span<T> d) { if (!IsFloat) return false; TensorPrimitives.Divide(a, b, d); return true; }
}

internal struct MaximumOp<T> : IBinary<T> where T : INumber<T>
{
    // NaN propagates, as torch.maximum does.
    public static T Apply(T a, T b) => T.IsNaN(a) || T.IsNaN(b) ? (T.IsNaN(a) ? a : b) : (a > b ? a : b);
    public static bool Vec(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) { TensorPrimitives.Max(a, b, d); return true; }
    public static bool VecScalarB(ReadOnlySpan<T> a, T b, Span<T> d) { TensorPrimitives.Max(a, b, d); return true; }
    public static bool VecScalarA(T a, ReadOnlySpan<T> b, Span<T> d) { TensorPrimitives.Max(b, a, d); return true; }
}

internal struct MinimumOp<T> : IBinary<T> where T : INumber<T>
{
    public static T Apply(T a, T b) => T.IsNaN(a) || T.IsNaN(b) ? (T.IsNaN(a) ? a : b) : (a < b ? a : b);
    public static bool Vec(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) { TensorPrimitives.Min(a, b, d); return true; }
    public static bool VecScalarB(ReadOnlySpan<T> a, T b, Span<T> d) { TensorPrimitives.Min(a, b, d); return true; }
    public static bool VecScalarA(T a, ReadOnlySpan<T> b, Span<T> d) { TensorPrimitives.Min(b, a, d); return true; }
}

internal struct PowOp<T> : IBinary<T> where T : INumber<T>
{
    public static T Apply(T a, T b)
    {
        if (typeof(T) == typeof(float)) return (T)(object)MathF.Pow((float)(object)a, (float)(object)b);
        if (typeof(T) == typeof(double)) return (T)(object)Math.Pow((double)(object)a, (double)(object)b);
        return IntPow(a, b);
    }

    // Integer powers by squaring; negative exponents are an error for integer tensors, as in PyTorch.
    static T IntPow(T a, T b)
    {
        if (b < T.Zero) throw new ArgumentException("pow: Integers to negative integer powers are not allowed.");
        T r = T.One;
        while (b > T.Zero)
        {
            if (T.IsOddInteger(b)) r *= a;
            a *= a;
            b /= (T.One + T.One);
        }
        return r;
    }

    public static bool Vec(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) => false;
    public static bool VecScalarB(ReadOnlySpan<T> a, T b, Span<T> d)
    {
        // x**2 is the chapter's most common power: a multiply is exact and SIMD.
        if (b == T.One + T.One) { TensorPrimitives.Multiply(a, a, d); return true; }
        return false;
    }
    public static bool VecScalarA(T a, ReadOnlySpan<T> b, Span<T> d) => false;
}

/// <summary>Row kernel for dst = op(a, b) over three operands.</summary>
internal struct BinaryRow<T, TOp>(T[] a, T[] b, T[] d) : IRowKernel where TOp : IBinary<T>
{
    public void Row(ReadOnlySpan<int> o, int n, ReadOnlySpan<int> s)
    {
        int sa = s[0], sb = s[1], sd = s[2];
        if (sd == 1)
        {
            var dst = d.AsSpan(o[2], n);
            if (sa == 1 && sb == 1 && TOp.Vec(a.AsSpan(o[0], n), b.AsSpan(o[1], n), dst)) return;
            if (sa == 1 && sb == 0 && TOp.VecScalarB(a.AsSpan(o[0], n), b[o[1]], dst)) return;
            if (sa == 0 && sb == 1 && TOp.VecScalarA(a[o[0]], b.AsSpan(o[1], n), dst)) return;
        }
        int ia = o[0], ib = o[1], id = o[2];
        for (int j = 0; j < n; j++, ia += sa, ib += sb, id += sd) d[id] = TOp.Apply(a[ia], b[ib]);
    }
}

internal interface ICompare<T> { static abstract bool Test(T a, T b); }
internal struct LtOp<T> : ICompare<T> where T : INumber<T> { public static bool Test(T a, T b) => a < b; }
internal struct LeOp<T> : ICompare<T> where T : INumber<T> { public static bool Test(T a, T b) => a <= b; }
internal struct GtOp<T> : ICompare<T> where T : INumber<T> { public static bool Test(T a, T b) => a > b; }
internal struct GeOp<T> : ICompare<T> where T : INumber<T> { public static bool Test(T a, T b) => a >= b; }
internal struct EqOp<T> : ICompare<T> where T : INumber<T> { public static bool Test(T a, T b) => a == b; }
internal struct NeOp<T> : ICompare<T> where T : INumber<T> { public static bool Test(T a, T b) => a != b; }

/// <summary>Row kernel for a comparison writing Bool bytes.</summary>
internal struct CompareRow<T, TOp>(T[] a, T[] b, byte[] d) : IRowKernel where TOp : ICompare<T>
{
    public void Row(ReadOnlySpan<int> o, int n, ReadOnlySpan<int> s)
    {
        int ia = o[0], ib = o[1], id = o[2], sa = s[0], sb = s[1], sd = s[2];
        for (int j = 0; j < n; j++, ia += sa, ib += sb, id += sd) d[id] = TOp.Test(a[ia], b[ib]) ? (byte)1 : (byte)0;
    }
}

/// <summary>Row kernel for dst = cond ? a : b.</summary>
internal struct WhereRow<T>(byte[] c, T[] a, T[] b, T[] d) : IRowKernel
{
    public void Row(ReadOnlySpan<int> o, int n, ReadOnlySpan<int> s)
    {
        int ic = o[0], ia = o[1], ib = o[2], id = o[3];
        for (int j = 0; j < n; j++, ic += s[0], ia += s[1], ib += s[2], id += s[3]) d[id] = c[ic] != 0 ? a[ia] : b[ib];
    }
}
