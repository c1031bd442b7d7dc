// Arithmetic with broadcasting: add, sub, mul, div, pow, maximum, minimum. Forward and backward side by side.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting;

public sealed partial class Tensor
{
    static DType Arith(Tensor a, Tensor b, string op)
    {
        var t = DTypes.ResultType(a, b);
        if (t == DType.Bool && op is "sub")
            throw new InvalidOperationException("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `LogicalXor()` operator instead.");
        return t;
    }

    /// <summary>Elementwise sum with broadcasting (torch.add).</summary>
    public Tensor Add(Tensor other)
    {
        var t = Arith(this, other, "add");
        var r = BinaryRaw("add", BinaryOp.Add, this, other, t, t);
        var (a, b) = (this, other);
        return Record(r, "AddBackward0", [a, b], g => [a.requiresGrad ? g.SumTo(a.shape) : null, b.requiresGrad ? g.SumTo(b.shape) : null]);
    }

    /// <summary>Elementwise difference with broadcasting (torch.sub).</summary>
    public Tensor Sub(Tensor other)
    {
        var t = Arith(this, other, "sub");
        var r = BinaryRaw("sub", BinaryOp.Sub, this, other, t, t);
        var (a, b) = (this, other);
        return Record(r, IsWrappedNumber ? "RsubBackward1" : "SubBackward0", [a, b], g => [
            a.requiresGrad ? g.SumTo(a.shape) : null,
            b.requiresGrad ? (-g).SumTo(b.shape) : null]);
    }

    /// <summary>Elementwise product with broadcasting (torch.mul).</summary>
    public Tensor Mul(Tensor other)
    {
        var t = Arith(this, other, "mul");
        var r = BinaryRaw("mul", BinaryOp.Mul, this, other, t, t);
        var (a, b) = (this, other);
        return Record(r, "MulBackward0", [a, b], g => [
            a.requiresGrad ? (g * b).SumTo(a.shape) : null,
            b.requiresGrad ? (g * a).SumTo(b.shape) : null],
            a.requiresGrad ? b : null, b.requiresGrad ? a : null);
    }

    /// <summary>True division with broadcasting (torch.div): integer inputs give float32.</summary>
    public Tensor Div(Tensor other)
    {
        var t = DTypes.ResultType(this, other);
        if (!t.IsFloatingPoint()) t = DType.Float32;
        var r = BinaryRaw("div", BinaryOp.Div, this, other, t, t);
        var (a, b) = (this, other);
        return Record(r, "DivBackward0", [a, b], g => [
            a.requiresGrad ? (g / b).SumTo(a.shape) : null,
            b.requiresGrad ? (-g * a / (b * b)).SumTo(b.shape) : null],
            b, b.requiresGrad ? a : null);
    }

    /// <summary>Elementwise power (torch.pow, x**y).</summary>
    public Tensor Pow(Tensor exponent)
    {
        var t = DTypes.ResultType(this, exponent);
        var r = BinaryRaw("pow", BinaryOp.Pow, this, exponent, t, t);
        var (a, b) = (this, exponent);
        if (b.IsWrappedNumber)
        {
            // The exponent stays a host number: no device round trip (a stream sync on CUDA) per Pow.
            double e = b.WrappedValue;
            // d/dx x**e = e * x**(e-1); x**2 (the chapter's favourite) backs off to 2x exactly.
            return Record(r, "PowBackward0", [a], g => [e == 2 ? g * a * 2.0 : g * e * a.Pow(e - 1)], a);
        }
        return Record(r, "PowBackward1", [a, b], g => [
            a.requiresGrad ? (g * b * a.Pow(b - 1)).SumTo(a.shape) : null,
            b.requiresGrad ? (g * r * a.Log()).SumTo(b.shape) : null],
            a, b, b.requiresGrad ? r : null);
    }

    /// <summary>x ** exponent for a C# number (torch.pow(x, 2)).</summary>
    public Tensor Pow(double exponent) => Pow(Wrap(exponent));

    /// <summary>x ** n for an integer n: integer tensors stay integer (negative n is an error for them, as in PyTorch).</summary>
    public Tensor Pow(long exponent) => Pow(Wrap(exponent));

    /// <summary>x ** n for an int n (the long form): F#'s `x.Pow(2)` is not ambiguous between double and long then.</summary>
    public Tensor Pow(int exponent) => Pow((long)exponent);

    /// <summary>Elementwise maximum (torch.maximum); where both are equal the gradient is split in half, as in PyTorch.</summary>
    public Tensor Maximum(Tensor other) => Extremum(other, BinaryOp.Maximum, "MaximumBackward0");

    /// <summary>Elementwise minimum (torch.minimum).</summary>
    public Tensor Minimum(Tensor other) => Extremum(other, BinaryOp.Minimum, "MinimumBackward0");

    /// <summary>Elementwise maximum with another tensor (tensor.max(other)); the book's <c>res.max(tensor(0.0))</c>.</summary>
    public Tensor Max(Tensor other) => Maximum(other);

    /// <summary>Elementwise minimum with another tensor (tensor.min(other)).</summary>
    public Tensor Min(Tensor other) => Minimum(other);

    Tensor Extremum(Tensor other, BinaryOp op, string name)
    {
        var t = DTypes.ResultType(this, other);
        var r = BinaryRaw(name, op, this, other, t, t);
        var (a, b) = (this, other);
        return Record(r, name, [a, b], g =>
        {
            var aWins = (op == BinaryOp.Maximum ? a.Gt(b) : a.Lt(b)).To(g.DType);
            var tie = a.Eq(b).To(g.DType) * 0.5;
            return [
                a.requiresGrad ? (g * (aWins + tie)).SumTo(a.shape) : null,
                b.requiresGrad ? (g * (1.0 - aWins - tie)).SumTo(b.shape) : null];
        }, a, b);
    }

    /// <summary>Clamps into [min, max] (torch.clamp); gradient passes where the input was inside.</summary>
    public Tensor Clamp(double? min = null, double? max = null)
    {
        if (min is null && max is null) throw new ArgumentException("clamp: At least one of 'min' or 'max' must not be None");
        var x = this;
        var r = x.Detach();
        if (min is { } lo) r = BinaryRaw("clamp", BinaryOp.Maximum, r, Wrap(lo), r.DType, r.DType);
        if (max is { } hi) r = BinaryRaw("clamp", BinaryOp.Minimum, r, Wrap(hi), r.DType, r.DType);
        return Record(r, "ClampBackward1", x, g =>
        {
            var inside = OnesLike(g);
            if (min is { } lo2) inside = inside * x.Ge(lo2).To(g.DType);
            if (max is { } hi2) inside = inside * x.Le(hi2).To(g.DType);
            return g * inside;
        }, x);
    }

    /// <summary>Clamps from below (tensor.clamp_min / clamp(min=...)).</summary>
    public Tensor ClampMin(double min) => Clamp(min, null);

    /// <summary>Clamps from above (tensor.clamp_max).</summary>
    public Tensor ClampMax(double max) => Clamp(null, max);
}
