// How tensors and shapes print from compiled F#: %O and %A give PyTorch's text for tensors; a Size needs %O
// (it is a sequence, so %A shows seq [...]), or Tensor.shape for an F# list.
module Mnist.Scripting.FSharp.Tests.PrintingTests

open NUnit.Framework
open Mnist.Scripting.FSharp

[<Test>]
let ``tensors print as PyTorch does with %O and %A`` () =
    let t = tensor [1.0; 2.0]
    Assert.That(sprintf "%O" t, Is.EqualTo "tensor([1., 2.])")
    Assert.That(sprintf "%A" t, Is.EqualTo "tensor([1., 2.])")

[<Test>]
let ``shapes: %O gives torch.Size, Tensor.shape gives an F# list`` () =
    let t = Tensor.zeros [12396; 784]
    Assert.That(sprintf "%O" t.Shape, Is.EqualTo "torch.Size([12396, 784])")
    Assert.That(string t.Shape, Is.EqualTo "torch.Size([12396, 784])")
    Assert.That(sprintf "%A" (Tensor.shape t), Is.EqualTo "[12396; 784]")
