// Elementwise unary ops: neg, abs, sqrt, exp, log, sigmoid, relu, tanh, sign, reciprocal, each a row of core/Backends/OpTable.cs,
// and their derivatives, forward and backward side by side; then the composed ones (square, log_softmax, softmax).
using Mnist.Scripting.Backends;

namespace Mnist.Scripting;

public sealed partial class Tensor
{
    /// <summary>-x (torch.neg).</summary>
    public Tensor Neg() => Apply(UnaryOp.Neg);

    /// <summary>|x| (torch.abs); the gradient at 0 is 0, as in PyTorch.</summary>
    public Tensor Abs() => Apply(UnaryOp.Abs);

    /// <summary>Sign of each element: -1, 0 or 1 (torch.sign); no gradient flows through it.</summary>
    public Tensor Sign() => Apply(UnaryOp.Sign);

    /// <summary>√x (torch.sqrt).</summary>
    public Tensor Sqrt() => Apply(UnaryOp.Sqrt);

    /// <summary>eˣ (torch.exp).</summary>
    public Tensor Exp() => Apply(UnaryOp.Exp);

    /// <summary>Natural log (torch.log).</summary>
    public Tensor Log() => Apply(UnaryOp.Log);

    /// <summary>1 / (1 + e⁻ˣ) (torch.sigmoid).</summary>
    public Tensor Sigmoid() => Apply(UnaryOp.Sigmoid);

    /// <summary>tanh(x) (torch.tanh).</summary>
    public Tensor Tanh() => Apply(UnaryOp.Tanh);

    /// <summary>max(x, 0) (torch.relu, F.relu).</summary>
    public Tensor Relu() => Apply(UnaryOp.Relu);

    /// <summary>1 / x (torch.reciprocal); integer inputs give float32.</summary>
    public Tensor Reciprocal() => Apply(UnaryOp.Reciprocal);

    /// <summary>
    /// The public op of a unary primitive (<see cref="OpTable"/>'s row): float-only ops promote integer inputs to
    /// float32, as torch.exp(tensor([1])) does; the result records the row's grad_fn with the backward below, which is
    /// this file's one table of unary derivatives (as PyTorch's derivatives.yaml): x the input, r the result, g the
    /// incoming gradient, and what each backward keeps alive.
    /// </summary>
    internal Tensor Apply(UnaryOp op)
    {
        if (op == UnaryOp.Neg && DType == DType.Bool)
            throw new InvalidOperationException("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `LogicalNot()` operator instead.");
        var x = op.IsFloatOnly() && !DType.IsFloatingPoint() ? To(DType.Float32) : this;
        var r = x.UnaryRaw(op);
        var gradFn = OpTable.Of(op).GradFn;
        if (gradFn is null) return r;
        return op switch
        {
            UnaryOp.Neg => Record(r, gradFn, x, g => -g),
            UnaryOp.Abs => Record(r, gradFn, x, g => g * x.Sign(), x),
            UnaryOp.Sqrt => Record(r, gradFn, x, g => g / (r * 2.0), r),
            UnaryOp.Exp => Record(r, gradFn, x, g => g * r, r),
            UnaryOp.Log => Record(r, gradFn, x, g => g / x, x),
            UnaryOp.Sigmoid => Record(r, gradFn, x, g => g * r * (1.0 - r), r),
            UnaryOp.Tanh => Record(r, gradFn, x, g => g * (1.0 - r * r), r),
            UnaryOp.Relu => Record(r, gradFn, x, g => ThresholdBackward(g, r, 0.0), r),
            UnaryOp.Reciprocal => Record(r, gradFn, x, g => -g * r * r, r),
            _ => throw new NotSupportedException($"{OpTable.Of(op).TorchName} has grad_fn {gradFn} in the op table but no backward here: add its line"),
        };
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
