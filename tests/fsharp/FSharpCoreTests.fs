// FSharp.Core's own functions and operators on tensors (abs, exp, log, sqrt, tanh, **, pown, float, List.sum, =), the
// overloads an F# int literal must not make ambiguous, and the functions whose two tensors must not swap silently.
module Mnist.Scripting.FSharp.Tests.FSharpCoreTests

open NUnit.Framework
open Mnist.Scripting.FSharp

let values (t: Tensor) = t.ToArray<float>()

[<Test>]
let ``FSharp.Core's math functions take tensors`` () =
    let x = tensor [1.0; 4.0]
    Assert.That(values (abs (x - 2.0)), Is.EqualTo(box [| 1.0; 2.0 |]))
    Assert.That(values (sqrt x), Is.EqualTo(box [| 1.0; 2.0 |]))
    Assert.That(values (log (exp x)), Is.EqualTo(box [| 1.0; 4.0 |]).Within(1e-5))
    Assert.That(values (tanh (tensor [0.0])), Is.EqualTo(box [| 0.0 |]))
    Assert.That(values (x ** 2.0), Is.EqualTo(box [| 1.0; 16.0 |]))
    Assert.That(values (pown x 3), Is.EqualTo(box [| 1.0; 64.0 |]))
    Assert.That(float (tensor 2.5), Is.EqualTo 2.5)
    Assert.That(values ([ tensor [1.0; 2.0]; tensor [10.0; 20.0] ] |> List.sum), Is.EqualTo(box [| 11.0; 22.0 |]))

[<Test>]
let ``** keeps its meaning for numbers, so a float function stays a float function`` () =
    let f x = x ** 2.0
    Assert.That(f 3.0, Is.EqualTo 9.0)
    Assert.That(2.0 ** 10.0, Is.EqualTo 1024.0)

[<Test>]
let ``powers through FSharp.Core record the graph`` () =
    let x = (tensor [3.0]).RequiresGrad()
    let y = x ** 2.0 |> Tensor.sum
    Assert.That(y.GradFn.Name, Is.EqualTo "SumBackward0")
    y.Backward()
    Assert.That(values x.Grad, Is.EqualTo(box [| 6.0 |]))

[<Test>]
let ``= compares tensors as torch.equal does`` () =
    Assert.That(tensor [1.0; 2.0] = tensor [1.0; 2.0], Is.True)
    Assert.That(tensor [1.0; 2.0] = tensor [1.0; 3.0], Is.False)
    Assert.That(tensor [1.0; 2.0] = tensor [[1.0; 2.0]], Is.False, "another shape")
    Assert.That(tensor [nan] = tensor [nan], Is.False, "NaN equals nothing")
    Assert.That(hash (tensor [1.0; 2.0]) = hash (tensor [1.0; 2.0]), Is.True)

[<Test>]
let ``int literals pick one overload`` () =
    let x = tensor [1.0; 2.0]
    Assert.That(values (x.Pow(2)), Is.EqualTo(box [| 1.0; 4.0 |]))
    Assert.That(values (Tensor.float (x .= 1)), Is.EqualTo(box [| 1.0; 0.0 |]))
    Assert.That(values (Tensor.float (x .> 1)), Is.EqualTo(box [| 0.0; 1.0 |]))
    let y = tensor [2.0; 4.0]
    y /= 2
    Assert.That(values y, Is.EqualTo(box [| 1.0; 2.0 |]))
    y -= 1
    Assert.That(values y, Is.EqualTo(box [| 0.0; 1.0 |]))

[<Test>]
let ``two-tensor functions are tupled as torch writes them`` () =
    let a = tensor [[1.0; 2.0]; [3.0; 4.0]]
    let b = tensor [[0.0; 1.0]; [1.0; 0.0]]
    Assert.That(values (Tensor.matmul (a, b)), Is.EqualTo(box (values (a.MatMul b))))
    Assert.That(values (Tensor.matmul (a, b)), Is.Not.EqualTo(box (values (b.MatMul a))), "a @ b, not b @ a")
    let p, t = tensor [0.9; 0.2], tensor [1.0; 0.0]
    Assert.That(Loss.mseLoss (p, t) |> Tensor.item, Is.EqualTo(F.MseLoss(p, t).Item()))

[<Test>]
let ``a model applies to a batch with -->`` () =
    Tensor.manualSeed 0L
    let model = new Linear(2, 1)
    let x = tensor [[1.0; 2.0]]
    Assert.That(values (x --> model), Is.EqualTo(box (values (model.Forward x))))
