// Pipeable functions, builders and noGrad.
module Mnist.Scripting.FSharp.Tests.TensorModuleTests

open NUnit.Framework
open Mnist.Scripting.FSharp

let values (t: Tensor) = t.ToArray<float>()

[<Test>]
let ``a pipeline of module functions`` () =
    let x = tensor [[-1.0; 2.0]; [3.0; -4.0]]
    Assert.That(Tensor.shape x, Is.EqualTo(box [2; 2]))
    Assert.That(x |> Tensor.relu |> Tensor.sum |> Tensor.item, Is.EqualTo 5.0)
    Assert.That(x |> Tensor.abs |> Tensor.mean |> Tensor.item, Is.EqualTo 2.5)
    Assert.That(values (x |> Tensor.view [4] |> Tensor.exp |> Tensor.log), Is.EqualTo(box [| -1.0; 2.0; 3.0; -4.0 |]).Within(1e-5))
    Assert.That(values (Tensor.matmul (x, tensor [[1.0]; [1.0]])), Is.EqualTo(box [| 1.0; -1.0 |]))
    Assert.That((tensor [1; 2]).DType, Is.EqualTo DType.Int64)

[<Test>]
let ``backward through module functions, and noGrad records nothing`` () =
    let x = (tensor [1.0; 2.0]).RequiresGrad()
    x |> Tensor.sigmoid |> Tensor.sum |> Tensor.backward
    let s = 1.0 / (1.0 + exp -1.0)
    Assert.That((Tensor.grad x |> Tensor.toArray).[0], Is.EqualTo(s * (1.0 - s)).Within(1e-6))
    use _ = noGrad ()
    Assert.That((x * 2.0).RequiresGradient, Is.False)
