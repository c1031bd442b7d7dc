// Tensor functions for piping (x |> Tensor.relu |> Tensor.mean), tensor builders from F# lists, and noGrad.
namespace Mnist.Scripting.FSharp

open Mnist.Scripting

/// Overloads behind `tensor`; not meant to be called directly.
type TensorBuilder =
    static member Make(x: float) = Tensor.Of x
    static member Make(x: int) = Tensor.Of x
    static member Make(x: bool) = Tensor.Of x
    static member Make(x: float list) = Tensor.Of(Array.ofList x)
    static member Make(x: float32 list) = Tensor.Of(Array.ofList x)
    static member Make(x: int list) = Tensor.Of(Array.ofList x)
    static member Make(x: int64 list) = Tensor.Of(Array.ofList x)
    static member Make(x: bool list) = Tensor.Of(Array.ofList x)
    static member Make(x: float[]) = Tensor.Of x
    static member Make(x: int[]) = Tensor.Of x
    static member Make(x: float list list) = Tensor.Of(array2D x)
    static member Make(x: int list list) = Tensor.Of(array2D x)
    static member Make(x: float[,]) = Tensor.Of x

/// Pipeable mirrors of Tensor's members, PyTorch's names in F# casing.
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Tensor =
    let relu (x: Tensor) = x.Relu()
    let sigmoid (x: Tensor) = x.Sigmoid()
    let tanh (x: Tensor) = x.Tanh()
    let exp (x: Tensor) = x.Exp()
    let log (x: Tensor) = x.Log()
    let abs (x: Tensor) = x.Abs()
    let sqrt (x: Tensor) = x.Sqrt()
    let neg (x: Tensor) = x.Neg()
    let square (x: Tensor) = x.Square()
    /// 1 / x for each element (torch.reciprocal).
    let reciprocal (x: Tensor) = x.Reciprocal()
    /// -1, 0 or 1 for each element (torch.sign); no gradient flows through it.
    let sign (x: Tensor) = x.Sign()
    /// x ** exponent with a float exponent: `x |> Tensor.pow 2.0` (or FSharp.Core's `x ** 2.0`).
    let pow (exponent: float) (x: Tensor) = x.Pow exponent
    let sum (x: Tensor) = x.Sum()
    let mean (x: Tensor) = x.Mean()
    /// Sum over one dimension: `x |> Tensor.sumDim 1`.
    let sumDim (dim: int) (x: Tensor) = x.Sum(dim, false)
    /// Mean over one dimension: `x |> Tensor.meanDim 1`.
    let meanDim (dim: int) (x: Tensor) = x.Mean(dim, false)
    /// Mean over several dimensions: `x |> Tensor.meanDims [-1; -2]` (torch's x.mean((-1, -2))).
    let meanDims (dims: int list) (x: Tensor) = x.Mean(Array.ofList dims, false)
    let max (x: Tensor) = x.Max()
    /// torch.maximum(x, other), elementwise: `res |> Tensor.maximum (tensor 0.0)` (torch's res.max(tensor(0.0))).
    let maximum (other: Tensor) (x: Tensor) = x.Maximum other
    /// torch.minimum(x, other), elementwise: `x |> Tensor.minimum (tensor 1.0)`.
    let minimum (other: Tensor) (x: Tensor) = x.Minimum other
    /// torch.amax(x, dim): the largest value along one dimension: `x |> Tensor.amax 1`.
    let amax (dim: int) (x: Tensor) = x.Amax dim
    let min (x: Tensor) = x.Min()
    let argmax (dim: int) (x: Tensor) = x.ArgMax(dim)
    let clamp (lo: float) (hi: float) (x: Tensor) = x.Clamp(lo, hi)
    /// `x |> Tensor.view [-1; 784]` (torch's x.view(-1, 784)).
    let view (shape: int list) (x: Tensor) = x.View(Array.ofList shape)
    let reshape (shape: int list) (x: Tensor) = x.Reshape(Array.ofList shape)
    let unsqueeze (dim: int) (x: Tensor) = x.Unsqueeze dim
    let squeeze (x: Tensor) = x.Squeeze()
    let transpose (d0: int) (d1: int) (x: Tensor) = x.Transpose(d0, d1)
    let flatten (x: Tensor) = x.Flatten()
    let float (x: Tensor) = x.Float()
    let long (x: Tensor) = x.Long()
    let bool (x: Tensor) = x.Bool()
    let detach (x: Tensor) = x.Detach()
    let clone (x: Tensor) = x.Clone()
    /// torch.matmul(a, b), a @ b. Tupled, as torch writes it, so neither `Tensor.matmul a b` nor a pipe can swap the
    /// operands silently.
    let matmul (a: Tensor, b: Tensor) = a.MatMul b
    /// torch.where(condition, a, b), tupled as torch writes it.
    let where (condition: Tensor, a: Tensor, b: Tensor) = Tensor.Where(condition, a, b)
    /// torch.equal(a, b): same shape, same values (F#'s `=` on tensors means the same).
    let equal (a: Tensor, b: Tensor) = a.Equal b
    /// torch.allclose(a, b): the same shape and values within PyTorch's default tolerances.
    let allClose (a: Tensor, b: Tensor) = a.AllClose b
    /// x.type(): the legacy type name, 'torch.LongTensor'.
    let typeName (x: Tensor) = x.Type()
    let cat (tensors: Tensor list) = Tensor.Cat(ResizeArray tensors)
    let stack (tensors: Tensor list) = Tensor.Stack(ResizeArray tensors)
    let backward (x: Tensor) = x.Backward()
    let item (x: Tensor) = x.Item()
    let requiresGrad (x: Tensor) = x.RequiresGrad()
    /// The gradient, failing with a clear message when there is none yet.
    let grad (x: Tensor) =
        match x.Grad with
        | null -> invalidOp "Tensor.grad: this tensor has no gradient; call backward on a loss that uses it first"
        | g -> g
    /// x.grad.zero_(): sets the gradient to zeros in place, as the book's training loops do between steps; a tensor
    /// with no gradient yet fails, as x.grad.zero_() does in PyTorch (grad is None).
    let zeroGrad (x: Tensor) = (grad x).Zero_() |> ignore
    /// The shape as an F# list, so %A prints [12396; 784].
    let shape (x: Tensor) = List.ofSeq x.Shape
    let numel (x: Tensor) = x.Numel
    let dim (x: Tensor) = x.Dim
    /// The values as a float array.
    let toArray (x: Tensor) = x.ToArray<float>()
    let zeros (shape: int list) = Tensor.Zeros(Array.ofList shape)
    let ones (shape: int list) = Tensor.Ones(Array.ofList shape)
    let randn (shape: int list) = Tensor.Randn(Array.ofList shape)
    let rand (shape: int list) = Tensor.Rand(Array.ofList shape)
    let arange (n: int) = Tensor.Arange n
    /// torch.arange(start, end): `Tensor.arangeFrom 1 10` is 1..9.
    let arangeFrom (start: int) (stop: int) = Tensor.Arange(start, stop)
    let linspace (start: float) (stop: float) (steps: int) = Tensor.Linspace(start, stop, steps)
    let manualSeed (seed: int64) = Tensor.ManualSeed seed

[<AutoOpen>]
module TensorFunctions =
    let inline private make (_: ^W) (x: ^T) = ((^W or ^T) : (static member Make: ^T -> Tensor) x)

    /// torch.tensor from F# values: `tensor 3.0`, `tensor [1.0; 2.0]`, `tensor [[1.0; 2.0]; [3.0; 4.0]]`, `tensor [1; 2]`.
    let inline tensor x = make Unchecked.defaultof<TensorBuilder> x

    /// torch.no_grad(): `use _ = noGrad ()` turns off gradient recording to the end of the scope.
    let noGrad () = Tensor.NoGrad()
