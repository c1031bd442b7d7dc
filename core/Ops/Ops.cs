// Static mirrors of the tensor methods (torch.relu(x) style) so F# can pipe: x |> Ops.Relu.
namespace Mnist.Scripting;

/// <summary>Functions over tensors, mirroring the methods: <c>Ops.Relu(x)</c> is <c>x.Relu()</c>.</summary>
public static class Ops
{
    public static Tensor Add(Tensor a, Tensor b) => a.Add(b);
    public static Tensor Sub(Tensor a, Tensor b) => a.Sub(b);
    public static Tensor Mul(Tensor a, Tensor b) => a.Mul(b);
    public static Tensor Div(Tensor a, Tensor b) => a.Div(b);
    public static Tensor Pow(Tensor a, double exponent) => a.Pow(exponent);
    public static Tensor Neg(Tensor x) => x.Neg();
    public static Tensor Abs(Tensor x) => x.Abs();
    public static Tensor Sqrt(Tensor x) => x.Sqrt();
    public static Tensor Exp(Tensor x) => x.Exp();
    public static Tensor Log(Tensor x) => x.Log();
    public static Tensor Sigmoid(Tensor x) => x.Sigmoid();
    public static Tensor Tanh(Tensor x) => x.Tanh();
    public static Tensor Relu(Tensor x) => x.Relu();
    public static Tensor Sign(Tensor x) => x.Sign();
    public static Tensor Square(Tensor x) => x.Square();
    public static Tensor Maximum(Tensor a, Tensor b) => a.Maximum(b);
    public static Tensor Minimum(Tensor a, Tensor b) => a.Minimum(b);
    public static Tensor Clamp(Tensor x, double? min, double? max) => x.Clamp(min, max);
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => Tensor.Where(condition, a, b);
    public static Tensor Sum(Tensor x) => x.Sum();
    public static Tensor Mean(Tensor x) => x.Mean();
    public static Tensor Max(Tensor x) => x.Max();
    public static Tensor Amax(Tensor x, int dim, bool keepDim = false) => x.Amax(dim, keepDim);
    public static Tensor Min(Tensor x) => x.Min();
    public static Tensor ArgMax(Tensor x, int dim) => x.ArgMax(dim);
    public static Tensor MatMul(Tensor a, Tensor b) => a.MatMul(b);
    public static Tensor Reshape(Tensor x, params int[] shape) => x.Reshape(shape);
    public static Tensor View(Tensor x, params int[] shape) => x.View(shape);
    public static Tensor Unsqueeze(Tensor x, int dim) => x.Unsqueeze(dim);
    public static Tensor Squeeze(Tensor x) => x.Squeeze();
    public static Tensor Transpose(Tensor x, int dim0, int dim1) => x.Transpose(dim0, dim1);
    public static Tensor Permute(Tensor x, params int[] dims) => x.Permute(dims);
    public static Tensor Flatten(Tensor x) => x.Flatten();
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0) => Tensor.Cat(tensors, dim);
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0) => Tensor.Stack(tensors, dim);
    public static Tensor Float(Tensor x) => x.Float();
    public static Tensor Long(Tensor x) => x.Long();
    public static Tensor Detach(Tensor x) => x.Detach();
    public static Tensor LogSoftmax(Tensor x, int dim) => x.LogSoftmax(dim);
    public static Tensor Softmax(Tensor x, int dim) => x.Softmax(dim);
}
