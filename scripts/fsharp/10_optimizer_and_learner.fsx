// Chapter 4, step 10 in F# (book cells [293]-[315]): nn.Linear, an optimizer written by hand, the library's SGD, a Learner.
// Run: dotnet build scripting-host -c Release && dotnet fsi scripts/fsharp/10_optimizer_and_learner.fsx
#load "common.fsx"
open Common
open Mnist.Scripting.FSharp
open System.Collections.Generic
open Mnist.Scripting
open Mnist.Scripting.Data
open Mnist.Scripting.NN
open Mnist.Scripting.Optim
open Mnist.Scripting.Training
open Mnist.Scripting.Dsl

// The book's training and validation sets: [n, 784] floats and [n, 1] labels, 1 for a 3.
let loadSplit (root: DataPath) split sorted =
    let ls (p: DataPath) = if sorted then p.Ls().Sorted() else p.Ls()
    let threes, sevens = ls (root / split / "3"), ls (root / split / "7")
    let x = Tensor.Cat([ Images.LoadStacked(threes); Images.LoadStacked(sevens) ]).Float().View(-1, 28 * 28) / 255
    let y = Tensor.FromArray(Array.append (Array.create threes.Count 1L) (Array.create sevens.Count 0L)).Unsqueeze(1)
    x, y
let path = Datasets.UntarData(Urls.MnistSample)
let trainX, trainY = loadSplit path "train" true
let validX, validY = loadSplit path "valid" false
let dl = new DataLoader(Dataset.Zip(trainX, trainY), batchSize = 256)
let validDl = new DataLoader(Dataset.Zip(validX, validY), batchSize = 256)

Tensor.ManualSeed(42)
let linearModel = new Linear(28 * 28, 1)
let w, b = linearModel.Parameters()[0], linearModel.Parameters()[1]
printfn "%O %O" w.Shape b.Shape

// BasicOptim, as the book writes it.
type BasicOptim(parameters: IReadOnlyList<Tensor>, lr: float) =
    member _.Step() = for p in parameters do p.Data.Sub_(p.Grad.Data * lr) |> ignore
    member _.ZeroGrad() = for p in parameters do p.Grad <- null

let validateEpoch (model: Tensor -> Tensor) =
    use _ = Tensor.NoGrad()
    let accs = [| for struct (xb, yb) in validDl -> F.BatchAccuracy(model xb, yb).Item() |]
    System.Math.Round(Array.average accs, 4)

let trainModel (model: Tensor -> Tensor) epochs step zeroGrad =
    for _ in 1 .. epochs do
        for struct (xb, yb) in dl do
            F.MnistLoss(model xb, yb).Backward()
            step ()
            zeroGrad ()
        printf "%g " (validateEpoch model)
    printfn ""

let opt = BasicOptim(linearModel.Parameters(), 1.0)
trainModel linearModel.Forward 20 opt.Step opt.ZeroGrad
let basicAcc = validateEpoch linearModel.Forward

// The library's SGD "by default does the same thing as our BasicOptim".
Tensor.ManualSeed(42)
let sgdModel = new Linear(28 * 28, 1)
let sgd = new Sgd(sgdModel.Parameters(), 1.0)
trainModel sgdModel.Forward 20 sgd.Step sgd.ZeroGrad
let sgdAcc = validateEpoch sgdModel.Forward

// Learner(dls, nn.Linear(28*28,1), opt_func=SGD, loss_func=mnist_loss, metrics=batch_accuracy).fit(10, lr=1.0)
// F# turns lambdas, not method groups, into the constructor's Func arguments; the metric comes named.
Tensor.ManualSeed(42)
let learn =
    Learner(DataLoaders(dl, validDl), new Linear(28 * 28, 1), (fun ps lr -> Sgd.Create(ps, lr)),
            (fun p t -> F.MnistLoss(p, t)), [| Metric.BatchAccuracy |])
learn.Fit(10, 1.0) |> ignore

Prelude.Report("linear_weight_shape", w.Shape.ToString())
Prelude.Report("linear_bias_shape", b.Shape.ToString())
Prelude.Report("basic_optim_accuracy", basicAcc)
Prelude.Report("sgd_accuracy", sgdAcc)
Prelude.Report("learner_epoch0_accuracy", learn.Recorder.Values[0][2])
Prelude.Report("learner_final_accuracy", learn.Recorder.Values[learn.Recorder.Values.Count - 1][2])
