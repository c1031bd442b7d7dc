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

[<Test>]
let ``ls and sorted give Python's order, as the book's threes[1]`` () =
    let dir = System.IO.Directory.CreateTempSubdirectory "fs-ls"
    try
        for name in [ "9.png"; "10000.png"; "2.png" ] do System.IO.File.WriteAllText(System.IO.Path.Combine(dir.FullName, name), "")
        let files = ls (Mnist.Scripting.Data.DataPath dir.FullName)
        Assert.That(files.Count, Is.EqualTo 3)
        let names = [ for f in sorted files -> f.Name ]
        Assert.That((names = [ "10000.png"; "2.png"; "9.png" ]), sprintf "%A" names)
    finally dir.Delete true

[<Test>]
let ``dataLoaderSeeded repeats its order; dataLoaderOf follows the global seed`` () =
    let x = Tensor.arange 20 |> Tensor.float |> Tensor.view [20; 1]
    let order dl = [ for xb, _ in batches dl do yield! Tensor.toArray xb ]
    let a, b = zip x x |> dataLoaderSeeded 42L 8, zip x x |> dataLoaderSeeded 42L 8
    let all = [ 0.0 .. 19.0 ]
    Assert.That((order a = order b), "the same seed, the same batches")
    Assert.That((order a <> all), sprintf "shuffled: %A" (order a))
    Assert.That((List.sort (order a) = all), sprintf "every item once: %A" (order a))
    Assert.That((order (zip x x |> dataLoaderSeeded 7L 8) <> order a), "another seed, another order")
    let items () = Tensor.manualSeed 3L; [ for batch in dataLoaderOf 5 true [ 0..14 ] -> List.ofSeq batch ]
    let first = items ()
    Assert.That((items () = first), "manualSeed fixes a shuffled dataLoaderOf")
    Assert.That((List.map List.length first = [ 5; 5; 5 ]), sprintf "%A" first)
    Assert.That((List.sort (List.concat first) = [ 0..14 ]), sprintf "%A" first)
