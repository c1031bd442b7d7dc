// Chapter 4, step 10 in F# (book cells [293]-[315]): nn.Linear, an optimizer written by hand, the library's SGD, a Learner.
// Run: dotnet build scripting-host -c Release && dotnet build fsharp/Mnist.Scripting.FSharp -c Release &&
//      dotnet fsi scripts/fsharp/10_optimizer_and_learner.fsx
// %% [markdown]
// # Step 10 in F#
//
// Book cells [293]-[315]: nn.Linear, an optimizer written by hand, the library's SGD, a Learner.
//
// The loop of step 9 again, with its parts given names: a `Linear` layer holds the weights and bias, an optimizer
// owns the update and the zeroing of gradients, and a `Learner` runs epochs and prints a table. We first write
// the optimizer ourselves, then check that the library's SGD gives the same numbers, and finish with the Learner.
// It follows book cells [293]-[315].
// %%
#load "common.fsx"
open Common
open Mnist.Scripting.FSharp
open System.Collections.Generic
open Mnist.Scripting.Data

// %%
let (trainX, trainY), (validX, validY) = loadSample ()
let dl = zip trainX trainY |> dataLoader 256 false
let validDl = zip validX validY |> dataLoader 256 false

// %%
Tensor.manualSeed 42L
let linearModel = new Linear(28 * 28, 1)
let w, b = (parameters linearModel)[0], (parameters linearModel)[1]
printfn "%O %O" w.Shape b.Shape

// %%
/// BasicOptim, as the book writes it.
type BasicOptim(parameters: IReadOnlyList<Tensor>, lr: float) =
    member _.Step() = for p in parameters do p.Data -= p.Grad.Data * lr
    member _.ZeroGrad() = for p in parameters do p.Grad <- null

// %%
let validateEpoch model =
    use _ = noGrad ()
    let accs = [ for xb, yb in batches validDl -> F.BatchAccuracy(model xb, yb) |> Tensor.item ]
    System.Math.Round(List.average accs, 4)

// %%
let trainModel model epochs step zeroGrad =
    for _ in 1..epochs do
        for xb, yb in batches dl do
            Loss.mnistLoss (model xb, yb) |> Tensor.backward
            step ()
            zeroGrad ()
        printf "%g " (validateEpoch model)
    printfn ""

// %%
let opt = BasicOptim(parameters linearModel, 1.0)
printfn "%g" (validateEpoch (forward linearModel))
trainModel (forward linearModel) 20 opt.Step opt.ZeroGrad
let basicAcc = validateEpoch (forward linearModel)

// %%
// The library's SGD "by default does the same thing as our BasicOptim".
Tensor.manualSeed 42L
let sgdModel = new Linear(28 * 28, 1)
let sgd = Sgd.create (parameters sgdModel) 1.0
trainModel (forward sgdModel) 20 sgd.Step sgd.ZeroGrad
let sgdAcc = validateEpoch (forward sgdModel)

// %%
// learn = Learner(dls, nn.Linear(28*28,1), opt_func=SGD, loss_func=mnist_loss, metrics=batch_accuracy)
// learn.fit(10, lr=1.0)
Tensor.manualSeed 42L
let learn = learner (dataLoaders dl validDl) (new Linear(28 * 28, 1)) Sgd.create Loss.mnistLoss [ Metrics.batchAccuracy ]
fit 10 1.0 learn

// %%
let epochs = learn.Recorder.Values
report "linear_weight_shape" (string w.Shape)
report "linear_bias_shape" (string b.Shape)
report "basic_optim_accuracy" basicAcc
report "sgd_accuracy" sgdAcc
report "learner_epoch0_accuracy" (epochs[0][2])
report "learner_final_accuracy" ((Seq.last epochs)[2])
