// The F# module's mirror of the op table: each unary primitive and each named binary one (torch.maximum, not an
// operator) has a Tensor module function under its torch name, which computes the same as the C# member.
module Mnist.Scripting.FSharp.Tests.OpTableTests

open NUnit.Framework
open Mnist.Scripting
open Mnist.Scripting.Backends
open Mnist.Scripting.FSharp

let private tensorModule = typeof<TensorBuilder>.Assembly.GetType "Mnist.Scripting.FSharp.TensorModule"

let private functionNamed (name: string) =
    tensorModule.GetMethods() |> Array.tryFind (fun m -> m.Name = name)

[<Test>]
let ``every unary primitive has a Tensor module function that computes it`` () =
    let x = tensor [ 0.25; 1.0; 2.0 ]   // inside every op's domain, so no NaN (which never equals itself)
    let missing =
        [ for row in OpTable.Unary do
            match functionNamed row.TorchName with
            | None -> yield sprintf "Tensor.%s" row.TorchName
            | Some f ->
                let viaFSharp = f.Invoke(null, [| box x |]) :?> Tensor
                let viaMember = typeof<Tensor>.GetMethod(row.MemberName, [||]).Invoke(x, [||]) :?> Tensor
                Assert.That(Tensor.equal (viaFSharp, viaMember), sprintf "Tensor.%s computes x.%s()" row.TorchName row.MemberName) ]
    Assert.That(missing, Is.Empty)

[<Test>]
let ``every named binary primitive has a pipeable Tensor module function`` () =
    let a, b = tensor [ -1.5; 0.0; 2.0 ], tensor [ 1.0; -1.0; 3.0 ]
    let named = OpTable.Binary |> Seq.filter (fun row -> isNull row.Operator) |> List.ofSeq
    Assert.That(named, Is.Not.Empty)
    for row in named do
        match functionNamed row.TorchName with
        | None -> Assert.Fail(sprintf "Tensor.%s is missing (torch.%s)" row.TorchName row.TorchName)
        | Some f ->
            // Pipeable: the data last, `a |> Tensor.maximum b` is torch.maximum(a, b).
            let piped = f.Invoke(null, [| box b; box a |]) :?> Tensor
            let viaMember = typeof<Tensor>.GetMethod(row.MemberName, [| typeof<Tensor> |]).Invoke(a, [| box b |]) :?> Tensor
            Assert.That(Tensor.equal (piped, viaMember), sprintf "a |> Tensor.%s b is a.%s(b)" row.TorchName row.MemberName)
