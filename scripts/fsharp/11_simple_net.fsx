// Chapter 4, step 11 in F# (book cells [319]-[335]): adding a nonlinearity, by hand and with Sequential, trained 40 epochs.
// Run: dotnet build scripting-host -c Release && dotnet build fsharp/Mnist.Scripting.FSharp -c Release &&
//      dotnet fsi scripts/fsharp/11_simple_net.fsx
// %% [markdown]
// # Step 11 in F#
//
// Book cells [319]-[335]: adding a nonlinearity, by hand and with Sequential, trained 40 epochs.
//
// Two linear layers in a row are still just one linear layer; putting a nonlinearity between them is what makes
// a neural network. We write the two-layer net by hand with a rectified linear unit (ReLU) in the middle, build
// the same thing from layers with `Sequential`, and train it for 40 epochs with the Learner.
// It follows book cells [319]-[335].
// %%
#load "common.fsx"
open Common
open Mnist.Scripting.FSharp
open Mnist.Scripting.Data

// %%
let (trainX, trainY), (validX, validY) = loadSample ()

// %%
Tensor.manualSeed 42L
let initParams (std: float) (size: int list) = Tensor.randn size * std |> Tensor.requiresGrad
let w1 = initParams 1.0 [ 28 * 28; 30 ]
let b1 = initParams 1.0 [ 30 ]
let w2 = initParams 1.0 [ 30; 1 ]
let b2 = initParams 1.0 [ 1 ]

// %%
let simpleNetByHand xb =
    let res = Tensor.matmul (xb, w1) + b1
    let res = res |> Tensor.maximum (tensor 0.0)  // res.max(tensor(0.0)): the rectified linear unit
    Tensor.matmul (res, w2) + b2
printfn "%O" (simpleNetByHand trainX[..3]).Shape
plotFunction Tensor.relu "x" "ReLU"

// %%
let simpleNet = new Sequential(new Linear(28 * 28, 30), new ReLU(), new Linear(30, 1))
printfn "%O" simpleNet
printfn "%d" (parameters simpleNet).Count

// %%
let dls = dataLoaders (zip trainX trainY |> dataLoader 256 false)
                      (zip validX validY |> dataLoader 256 false)
let learn = learner dls simpleNet Sgd.create Loss.mnistLoss [ Metrics.batchAccuracy ]
fit 40 0.1 learn

// %%
// plt.plot(L(learn.recorder.values).itemgot(2))
plotLineLabeled "simple_net: batch_accuracy" "epoch" "accuracy" (learn.Recorder.ItemGot 2)
let last = Seq.last learn.Recorder.Values
printfn "%g" last[2]

// %%
report "parameter_tensors" (parameters simpleNet).Count
report "final_accuracy" last[2]
report "final_valid_loss" last[1]
