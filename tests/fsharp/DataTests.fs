// Data with F# reference tuples: first, batches, item, zip, dataLoader.
module Mnist.Scripting.FSharp.Tests.DataTests

open NUnit.Framework
open Mnist.Scripting.FSharp

[<Test>]
let ``batches, first and item give reference tuples`` () =
    let x = Tensor.arange 10 |> Tensor.float |> Tensor.view [10; 1]
    let y = Tensor.arange 10
    let dl = zip x y |> dataLoader 4 false
    let xb, yb = first dl
    Assert.That(xb.Shape.ToString(), Is.EqualTo "torch.Size([4, 1])")
    Assert.That(yb.ToArray<int64>(), Is.EqualTo(box [| 0L; 1L; 2L; 3L |]))
    let sizes = [ for xb, _ in batches dl -> xb.Size 0 ]
    Assert.That(sizes, Is.EqualTo(box [ 4; 4; 2 ]))
    let x3, y3 = item 3 (zip x y)
    Assert.That((x3.Item(), y3.Item()), Is.EqualTo((3.0, 3.0)))
