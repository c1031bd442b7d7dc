// Elementwise unary ops: neg, abs, sqrt, exp, log, sigmoid, relu, tanh, sign. Forward and backward side by side.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting;

public sealed partial class Tensor
{
    /// <summary>
    /// Runs a unary primitive: <c>x</c> is the input it computes on (float-only ops promote integer inputs to float32, as
    /// torch.exp(tensor([1])) does; others get this tensor) and <c>r</c> the result, both for the backward rule.
    /// </summary>
    (Tensor x, Tensor r) RunUnary(UnaryOp op)
    {
        var x = op.IsFloatOnly() && !DType.IsFloatingPoint() ? To(DType.Float32) : this;
        return (x, x.UnaryRaw(op));
    }

    /// <summary>-x (torch.neg).</summary>
    public Tensor Neg()
    {
        if (DType == DType.Bool) throw new InvalidOperationException("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `LogicalNot()` operator instead.");
        var (x, r) = RunUnary(UnaryOp.Neg);
        return Record(r, "NegBackward0", x, g => -g);
    }

    /// <summary>|x| (torch.abs); the gradient at 0 is 0, as in PyTorch.</summary>
    public Tensor Abs()
    {
        var (x, r) = RunUnary(UnaryOp.Abs);
        return Record(r, "AbsBackward0", x, g => g * x.Sign(), x);
    }

    /// <summary>Sign of each element: -1, 0 or 1 (torch.sign); no gradient flows through it.</summary>
    public Tensor Sign() => RunUnary(UnaryOp.Sign).r;

    /// <summary>√x (torch.sqrt).</summary>
    public Tensor Sqrt()
    {
        var (x, r) = RunUnary(UnaryOp.Sqrt);
        return Record(r, "SqrtBackward0", x, g => g / (r * 2.0), r);
    }

    /// <summary>eˣ (torch.exp).</summary>
    public Tensor Exp()
    {
        var (x, r) = RunUnary(UnaryOp.Exp);
        return Record(r, "ExpBackward0", x, g => g * r, r);
    }

    /// <summary>Natural log (torch.log).</summary>
    public Tensor Log()
    {
        var (x, r) = RunUnary(UnaryOp.Log);
        return Record(r, "LogBackward0", x, g => g / x, x);
    }

    /// <summary>1 / (1 + e⁻ˣ) (torch.sigmoid).</summary>
    public Tensor Sigmoid()
    {
        var (x, r) = RunUnary(UnaryOp.Sigmoid);
        return Record(r, "SigmoidBackward0", x, g => g * r * (1.0 - r), r);
    }

    /// <summary>tanh(x) (torch.tanh).</summary>
    public Tensor Tanh()
    {
        var (x, r) = RunUnary(UnaryOp.Tanh);
        return Record(r, "TanhBackward0", x, g => g * (1.0 - r * r), r);
    }

    /// <summary>max(x, 0) (torch.relu, F.relu).</summary>
    public Tensor Relu()
    {
        var (x, r) = RunUnary(UnaryOp.Relu);
        return Record(r, "ReluBackward0", x, g => ThresholdBackward(g, r, 0.0), r);
    }

    /// <summary>
    /// g where x &gt; threshold, else 0 (torch's threshold_backward): ReLU's gradient from its output in one pass, 0 at
    /// the threshold and where x is NaN. Falls back to the composed g * (x &gt; t) when dtypes or shapes differ.
    /// </summary>
    internal static Tensor ThresholdBackward(Tensor g, Tensor x, double threshold)
    {
        if (g.DType != x.DType || !x.DType.IsFloatingPoint() || g.Device != x.Device || !g.shape.SequenceEqual(x.shape))
            return g * x.Gt(threshold).To(g.DType);
        var dst = Empty(x.shape, x.DType, x.Device);
        x.Backend.ThresholdBackward(g.Raw, x.Raw, threshold, dst.Raw);
        return dst;
    }

    /// <summary>x² (torch.square).</summary>
    public Tensor Square() => Pow(2.0);

    /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed stably as x - max - log Σ exp(x - max) (F.log_softmax).</summary>
    public Tensor LogSoftmax(int dim)
    {
        Tensor result;
        using (Autograd.GradMode.Disable())
        {
            var shifted = this - Amax(dim, keepDim: true);
            result = shifted - shifted.Exp().Sum([dim], keepDim: true).Log();
        }
        // One node for the whole op, as PyTorch's LogSoftmaxBackward0: d/dx = g - softmax(x) · Σ g along dim, with
        // softmax(x) = exp(result); four ops in backward instead of the six composed ones' rules.
        return Record(result, "LogSoftmaxBackward0", this, g => g - result.Exp() * g.Sum([dim], keepDim: true), result);
    }

    /// <summary>Softmax along <paramref name="dim"/> (F.softmax).</summary>
    public Tensor Softmax(int dim) => LogSoftmax(dim).Exp();
}
