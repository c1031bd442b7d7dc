// Elementwise unary ops: neg, abs, sqrt, exp, log, sigmoid, relu, tanh, sign. Forward and backward side by side.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting;

public sealed partial class Tensor
{
    // Float-only math promotes integer inputs to float32, as torch.exp(tensor([1])) does.
    Tensor FloatInput() => DType.IsFloatingPoint() ? this : To(DType.Float32);

    /// <summary>-x (torch.neg).</summary>
    public Tensor Neg()
    {
        if (DType == DType.Bool) throw new InvalidOperationException("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `LogicalNot()` operator instead.");
        return Record(UnaryRaw(UnaryOp.Neg), "NegBackward0", this, g => -g);
    }

    /// <summary>|x| (torch.abs); the gradient at 0 is 0, as in PyTorch.</summary>
    public Tensor Abs()
    {
        var x = this;
        return Record(UnaryRaw(UnaryOp.Abs), "AbsBackward0", x, g => g * x.Sign(), x);
    }

    /// <summary>Sign of each element: -1, 0 or 1 (torch.sign); no gradient flows through it.</summary>
    public Tensor Sign() => UnaryRaw(UnaryOp.Sign);

    /// <summary>√x (torch.sqrt).</summary>
    public Tensor Sqrt()
    {
        var x = FloatInput();
        var r = x.UnaryRaw(UnaryOp.Sqrt);
        return Record(r, "SqrtBackward0", x, g => g / (r * 2.0), r);
    }

    /// <summary>eˣ (torch.exp).</summary>
    public Tensor Exp()
    {
        var x = FloatInput();
        var r = x.UnaryRaw(UnaryOp.Exp);
        return Record(r, "ExpBackward0", x, g => g * r, r);
    }

    /// <summary>Natural log (torch.log).</summary>
    public Tensor Log()
    {
        var x = FloatInput();
        return Record(x.UnaryRaw(UnaryOp.Log), "LogBackward0", x, g => g / x, x);
    }

    /// <summary>1 / (1 + e⁻ˣ) (torch.sigmoid).</summary>
    public Tensor Sigmoid()
    {
        var x = FloatInput();
        var r = x.UnaryRaw(UnaryOp.Sigmoid);
        return Record(r, "SigmoidBackward0", x, g => g * r * (1.0 - r), r);
    }

    /// <summary>tanh(x) (torch.tanh).</summary>
    public Tensor Tanh()
    {
        var x = FloatInput();
        var r = x.UnaryRaw(UnaryOp.Tanh);
        return Record(r, "TanhBackward0", x, g => g * (1.0 - r * r), r);
    }

    /// <summary>max(x, 0) (torch.relu, F.relu).</summary>
    public Tensor Relu()
    {
        var r = UnaryRaw(UnaryOp.Relu);
        return Record(r, "ReluBackward0", this, g => g * r.Gt(0.0).To(g.DType), r);
    }

    /// <summary>x² (torch.square).</summary>
    public Tensor Square() => Pow(2.0);

    /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed stably as x - max - log Σ exp(x - max) (F.log_softmax).</summary>
    public Tensor LogSoftmax(int dim)
    {
        var shifted = this - Amax(dim, keepDim: true).Detach();
        return shifted - shifted.Exp().Sum([dim], keepDim: true).Log();
    }

    /// <summary>Softmax along <paramref name="dim"/> (F.softmax).</summary>
    public Tensor Softmax(int dim) => LogSoftmax(dim).Exp();
}
