// How tensors and shapes print from compiled F#: %O and %A give PyTorch's text for tensors and sizes (a Size is a
// sequence, which %A would show as seq [...] without its attribute); Tensor.shape gives an F# list.
module Mnist.Scripting.FSharp.Tests.PrintingTests

open NUnit.Framework
open Mnist.Scripting.FSharp

[<Test>]
let ``tensors print as PyTorch does with %O and %A`` () =
    let t = tensor [1.0; 2.0]
    Assert.That(sprintf "%O" t, Is.EqualTo "tensor([1., 2.])")
    Assert.That(sprintf "%A" t, Is.EqualTo "tensor([1., 2.])")

[<Test>]
let ``shapes: %O and %A give torch.Size, Tensor.shape gives an F# list`` () =
    let t = Tensor.zeros [12396; 784]
    Assert.That(sprintf "%O" t.Shape, Is.EqualTo "torch.Size([12396, 784])")
    Assert.That(sprintf "%A" t.Shape, Is.EqualTo "torch.Size([12396, 784])")
    Assert.That(sprintf "%A" [t.Shape; (Tensor.zeros []).Shape], Is.EqualTo "[torch.Size([12396, 784]); torch.Size([])]")
    Assert.That(string t.Shape, Is.EqualTo "torch.Size([12396, 784])")
    Assert.That(sprintf "%A" (Tensor.shape t), Is.EqualTo "[12396; 784]")
