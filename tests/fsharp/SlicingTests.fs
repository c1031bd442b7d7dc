// F# slices on tensors: inclusive ends, up to four dimensions, an int index mixed with ranges.
module Mnist.Scripting.FSharp.Tests.SlicingTests

open NUnit.Framework
open Mnist.Scripting.FSharp

let values (t: Tensor) = t.ToArray<float>()
let grid () = Tensor.arange 12 |> Tensor.float |> Tensor.view [3; 4]

[<Test>]
let ``one dimension with an inclusive end`` () =
    let t = Tensor.arange 6 |> Tensor.float
    Assert.That(values t.[1..3], Is.EqualTo(box [| 1.0; 2.0; 3.0 |]))
    Assert.That(values t.[4..], Is.EqualTo(box [| 4.0; 5.0 |]))
    Assert.That(values t.[.. -1], Is.EqualTo(box [| 0.0 .. 5.0 |]), "an end of -1 means through the last")
    Assert.That(values t.[.. -2], Is.EqualTo(box [| 0.0 .. 4.0 |]))

[<Test>]
let ``two dimensions and an index mixed with a range`` () =
    let g = grid ()
    Assert.That(g.[0..1, 1..2].Shape.ToArray(), Is.EqualTo(box [| 2; 2 |]))
    Assert.That(values g.[0..1, 1..2], Is.EqualTo(box [| 1.0; 2.0; 5.0; 6.0 |]))
    Assert.That(values g.[2, 1..], Is.EqualTo(box [| 9.0; 10.0; 11.0 |]))
    Assert.That(values g.[*, 3], Is.EqualTo(box [| 3.0; 7.0; 11.0 |]))

[<Test>]
let ``three and four dimensions`` () =
    let t = Tensor.arange 24 |> Tensor.float |> Tensor.view [2; 3; 4]
    Assert.That(values t.[1, 1.., 3], Is.EqualTo(box [| 19.0; 23.0 |]))
    Assert.That(t.[*, 0..1, *].Shape.ToArray(), Is.EqualTo(box [| 2; 2; 4 |]))
    let u = t |> Tensor.view [1; 2; 3; 4]
    Assert.That(values u.[0, 1, 2, 1..2], Is.EqualTo(box [| 21.0; 22.0 |]))
    Assert.That(u.[*, *, 1.., *].Shape.ToArray(), Is.EqualTo(box [| 1; 2; 2; 4 |]))
