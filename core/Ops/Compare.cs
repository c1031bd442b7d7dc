// Comparisons giving Bool tensors, logical ops on masks, and Where(cond, a, b) with its gradient.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting;

public sealed partial class Tensor
{
    Tensor Compare(Tensor other, BinaryOp op, string name) =>
        BinaryRaw(name, op, this, other, DTypes.ResultType(this, other), DType.Bool);

    /// <summary>x &gt; y elementwise, as Bool (torch.gt).</summary>
    public Tensor Gt(Tensor other) => Compare(other, BinaryOp.Gt, "gt");
    public Tensor Gt(double other) => Gt(Wrap(other));
    /// <summary>x &lt; y elementwise (torch.lt).</summary>
    public Tensor Lt(Tensor other) => Compare(other, BinaryOp.Lt, "lt");
    public Tensor Lt(double other) => Lt(Wrap(other));
    /// <summary>x ≥ y elementwise (torch.ge).</summary>
    public Tensor Ge(Tensor other) => Compare(other, BinaryOp.Ge, "ge");
    public Tensor Ge(double other) => Ge(Wrap(other));
    /// <summary>x ≤ y elementwise (torch.le).</summary>
    public Tensor Le(Tensor other) => Compare(other, BinaryOp.Le, "le");
    public Tensor Le(double other) => Le(Wrap(other));
    /// <summary>x == y elementwise (torch.eq; C#'s == keeps reference equality).</summary>
    public Tensor Eq(Tensor other) => Compare(other, BinaryOp.Eq, "eq");
    public Tensor Eq(double other) => Eq(Wrap(other));
    public Tensor Eq(long other) => Eq(Wrap(other));
    /// <summary>An int overload, so F#'s `t.Eq 1` is not ambiguous between the double and long forms.</summary>
    public Tensor Eq(int other) => Eq((long)other);
    /// <summary>x != y elementwise (torch.ne).</summary>
    public Tensor Ne(Tensor other) => Compare(other, BinaryOp.Ne, "ne");
    public Tensor Ne(double other) => Ne(Wrap(other));
    public Tensor Ne(long other) => Ne(Wrap(other));
    public Tensor Ne(int other) => Ne((long)other);

    /// <summary>True when every element is equal and shapes match (torch.equal).</summary>
    public bool Equal(Tensor other) => Shape.Equals(other.Shape) && Eq(other).All();

    /// <summary>True when all elements are nonzero (tensor.all()).</summary>
    public bool All() => Numel == 0 || Ne(0L).To(DType.Int64).Sum().Item<long>() == Numel;

    /// <summary>True when any element is nonzero (tensor.any()).</summary>
    public bool Any() => Numel > 0 && Ne(0L).To(DType.Int64).Sum().Item<long>() > 0;

    /// <summary>|x - y| ≤ atol + rtol·|y| everywhere (torch.allclose).</summary>
    public bool AllClose(Tensor other, double rtol = 1e-5, double atol = 1e-8) =>
        (this - other).Abs().To(DType.Float64).Le(other.Abs().To(DType.Float64) * rtol + atol).All();

    /// <summary>Elementwise not of a mask (torch.logical_not, ~mask).</summary>
    public Tensor LogicalNot() => Eq(0L);

    /// <summary>Elementwise and of two masks (torch.logical_and, a &amp; b).</summary>
    public Tensor LogicalAnd(Tensor other) => Ne(0L).To(DType.UInt8).Mul(other.Ne(0L).To(DType.UInt8)).Ne(0L);

    /// <summary>Elementwise or of two masks (torch.logical_or, a | b).</summary>
    public Tensor LogicalOr(Tensor other) => Ne(0L).To(DType.UInt8).Add(other.Ne(0L).To(DType.UInt8)).Ne(0L);

    /// <summary>Elementwise exclusive or of two masks (torch.logical_xor).</summary>
    public Tensor LogicalXor(Tensor other) => Ne(0L).Ne(other.Ne(0L));

    /// <summary>
    /// <paramref name="a"/> where <paramref name="condition"/> holds, else <paramref name="b"/> (torch.where), broadcasting all three.
    /// The book's <c>torch.where(targets==1, 1-predictions, predictions)</c>.
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        if (condition.DType != DType.Bool)
            throw new ArgumentException($"where expected condition to be a boolean tensor, but got a tensor with dtype {condition.DType.TorchName()}: compare first, e.g. t.Gt(0)");
        CheckSameDevice("where", condition, a);
        CheckSameDevice("where", a, b);
        var t = DTypes.ResultType(a, b);
        var shape = Shapes.Broadcast(Shapes.Broadcast(condition.shape, a.shape), b.shape);
        var dst = Empty(shape, t, a.Device);
        a.Backend.Where(condition.BroadcastView(shape), a.CastRaw(t).BroadcastView(shape), b.CastRaw(t).BroadcastView(shape), dst.Raw);
        return Record(dst, "WhereBackward0", [a, b], g =>
        {
            var zero = ZerosLike(g);
            return [
                a.requiresGrad ? Where(condition, g, zero).SumTo(a.shape) : null,
                b.requiresGrad ? Where(condition, zero, g).SumTo(b.shape) : null];
        }, condition);
    }

    public static Tensor Where(Tensor condition, Tensor a, double b) => Where(condition, a, a.Wrap(b));
    public static Tensor Where(Tensor condition, double a, Tensor b) => Where(condition, b.Wrap(a), b);
}
