// In-place updates change the tensor itself; comparisons give Bool tensors; ** and pown work on tensors and numbers.
module Mnist.Scripting.FSharp.Tests.OperatorTests

open NUnit.Framework
open Mnist.Scripting.FSharp

let values (t: Tensor) = t.ToArray<float>()

[<Test>]
let ``w -= w.Grad * lr updates the same tensor in place`` () =
    let w = tensor [3.0; 4.0; 10.0]
    let alias = w
    let versionBefore = w.Version
    w -= tensor [1.0; 2.0; 3.0] * 0.5
    Assert.That(values alias, Is.EqualTo(box [| 2.5; 3.0; 8.5 |]))
    Assert.That(w.Version, Is.GreaterThan versionBefore, "an in-place op bumps the storage version")

[<Test>]
let ``the book's step: xt -= xt.Grad * 0.1 under noGrad`` () =
    let xt = (tensor [3.0; 4.0; 10.0]).RequiresGrad()
    (xt * xt) |> Tensor.sum |> Tensor.backward
    do
        use _ = noGrad ()
        xt -= xt.Grad * 0.1
    Assert.That(values xt, Is.EqualTo(box [| 2.4; 3.2; 8.0 |]).Within(1e-6))

[<Test>]
let ``in-place operators take numbers too`` () =
    let t = tensor [1.0; 2.0]
    t += 1.0
    t *= 3.0
    t /= 2.0
    t -= 1
    Assert.That(values t, Is.EqualTo(box [| 2.0; 3.5 |]))

[<Test>]
let ``comparisons are elementwise and return Bool tensors`` () =
    let a = tensor [0.2; 0.5; 0.9]
    let b = tensor [0.5; 0.5; 0.5]
    let check (t: Tensor) (expected: bool[]) =
        Assert.That(t.DType, Is.EqualTo DType.Bool)
        Assert.That(t.ToArray<bool>(), Is.EqualTo(box expected))
    check (a .> 0.5) [| false; false; true |]
    check (a .< b) [| true; false; false |]
    check (a .>= b) [| false; true; true |]
    check (a .<= 0.5) [| true; true; false |]
    check (a .= b) [| false; true; false |]
    check (a .<> 0.5) [| true; false; true |]
    check (0.5 .< a) [| false; false; true |]

[<Test>]
let ``powers of tensors and of numbers`` () =
    let x = tensor [1.0; 2.0; 3.0]
    Assert.That(values (x ** 2.0), Is.EqualTo(box [| 1.0; 4.0; 9.0 |]))
    Assert.That(values (pown x 3), Is.EqualTo(box [| 1.0; 8.0; 27.0 |]))
    Assert.That(values (x |> Tensor.pow 2.0), Is.EqualTo(box [| 1.0; 4.0; 9.0 |]))
    Assert.That(2.0 ** 10.0, Is.EqualTo 1024.0)
    Assert.That(pown 3 4, Is.EqualTo 81)
    Assert.That(pown 1.5 2, Is.EqualTo 2.25)
