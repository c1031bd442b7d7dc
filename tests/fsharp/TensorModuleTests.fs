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

[<Test>]
let ``the chapter's remaining members as functions`` () =
    let x = Tensor.arangeFrom 1 9 |> Tensor.float |> Tensor.view [ 2; 2; 2 ]
    Assert.That(x |> Tensor.meanDims [ -1; -2 ] |> Tensor.toArray, Is.EqualTo(box [| 2.5; 6.5 |]))
    Assert.That(tensor [ -1.0; 2.0 ] |> Tensor.maximum (tensor 0.0) |> Tensor.toArray, Is.EqualTo(box [| 0.0; 2.0 |]))
    Assert.That(Tensor.allClose (tensor [ 1.0 ], tensor [ 1.0 + 1e-9 ]), Is.True)
    Assert.That(Tensor.allClose (tensor [ 1.0 ], tensor [ 1.1 ]), Is.False)
    Assert.That(Tensor.typeName (tensor [ 1; 2 ]), Is.EqualTo "torch.LongTensor")
    Assert.That(Tensor.arangeFrom 1 4 |> Tensor.toArray, Is.EqualTo(box [| 1.0; 2.0; 3.0 |]))

[<Test>]
let ``zeroGrad zeroes a gradient in place and refuses a tensor without one`` () =
    let w = tensor [ 1.0; 2.0 ] |> Tensor.requiresGrad
    let ex = Assert.Throws<System.InvalidOperationException>(TestDelegate(fun () -> Tensor.zeroGrad w))
    Assert.That(ex.Message, Does.Contain "no gradient")
    w ** 2.0 |> Tensor.sum |> Tensor.backward
    let g = w.Grad
    Tensor.zeroGrad w
    Assert.That(Tensor.toArray w.Grad, Is.EqualTo(box [| 0.0; 0.0 |]))
    Assert.That(obj.ReferenceEquals(g, w.Grad), Is.True, "in place, as grad.zero_()")
