// The Learner built from F# functions trains the toy problem: y = 1 when x > 0.
module Mnist.Scripting.FSharp.Tests.LearnerTests

open System.IO
open NUnit.Framework
open Mnist.Scripting
open Mnist.Scripting.FSharp

let toy batches size (seed: int64) =
    let g = Generator seed
    [ for _ in 1 .. batches ->
        let x = Tensor.Randn([| size; 1 |], g)
        struct (x, (x .> 0.0).Long()) ]

[<Test>]
let ``learner with F# functions trains and names its metric`` () =
    Tensor.manualSeed 1L
    let dls = DataLoaders(toy 5 16 1L, toy 2 16 2L)
    let learn = learner dls (new Linear(1, 1)) Sgd.create Loss.mnistLoss [ Metrics.batchAccuracy ]
    let out = new StringWriter()
    learn.Output <- out
    learn.Progress <- Training.ProgressMode.Off
    fit 10 1.0 learn
    Assert.That(out.ToString(), Does.Contain "batch_accuracy")
    let acc = learn.Recorder.Column "batch_accuracy"
    Assert.That(acc, Has.Length.EqualTo 10)
    Assert.That(acc.[acc.Length - 1], Is.GreaterThanOrEqualTo 0.9)

[<Test>]
let ``a metric from an F# function keeps its name`` () =
    let m = Metrics.create "mse" Loss.mseLoss
    Assert.That(m.Name, Is.EqualTo "mse")
    Assert.That(m.Func.Invoke(tensor [1.0; 3.0], tensor [1.0; 1.0]).Item(), Is.EqualTo 2.0)

[<Test>]
let ``parameters and forward make a module read as F#`` () =
    Tensor.manualSeed 1L
    let net = new Linear(3, 2)
    let ps = parameters net
    Assert.That(([ for p in ps -> string p.Shape ] = [ "torch.Size([2, 3])"; "torch.Size([2])" ]), sprintf "the shapes of %O" net)
    let x = Tensor.ones [ 4; 3 ]
    let f = forward net
    Assert.That(Tensor.equal (f x, net.Forward x), Is.True)
    Assert.That(Tensor.equal (f x, Tensor.matmul (x, ps[0].T) + ps[1]), Is.True)

[<Test>]
let ``lrFind, fitOneCycle and summary read as F#`` () =
    Tensor.manualSeed 1L
    let dls = DataLoaders(toy 8 16 1L, toy 2 16 2L)
    let net = new Linear(1, 1)
    let learn = learner dls net Adam.create Loss.mnistLoss [ Metrics.batchAccuracy ]
    learn.Output <- TextWriter.Null
    learn.Progress <- Training.ProgressMode.Off
    let before = net.Weight.Clone()
    let found = lrFind learn
    Assert.That(Tensor.equal (net.Weight, before), Is.True, "lrFind puts the weights back")
    Assert.That(found.Valley, Is.InRange(1e-7, 10.0))
    fitOneCycle 2 found.Valley learn
    Assert.That(learn.Recorder.Lrs, Has.Count.EqualTo 16)
    Assert.That(learn.Recorder.Lrs.[0], Is.EqualTo(found.Valley / 25.0).Within(1e-15))
    Assert.That(summary learn, Does.Contain "Linear" |> fun c -> c.And.Contain "Total params: 2")
