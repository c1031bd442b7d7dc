// Chapter 4, step 9 in F# (book cells [283]-[289]): the whole training loop by hand, 1 + 20 epochs at lr 1.
// Run: dotnet build scripting-host -c Release && dotnet build fsharp/Mnist.Scripting.FSharp -c Release &&
//      dotnet fsi scripts/fsharp/09_linear_from_scratch.fsx
// %% [markdown]
// # Step 9 in F#
//
// Book cells [283]-[289]: the whole training loop by hand, 1 + 20 epochs at lr 1.
//
// The pieces of steps 7 and 8 put together into a real training loop, written out by hand: for each mini-batch,
// compute the gradients, move every parameter against them by the learning rate, and zero them; after each epoch,
// measure validation accuracy. Nothing here comes from a library except the tensors. It follows book cells
// [283]-[289].
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
let weights = initParams 1.0 [ 28 * 28; 1 ]
let bias = initParams 1.0 [ 1 ]
let linear1 x = Tensor.matmul (x, weights) + bias

// %%
let dl = zip trainX trainY |> dataLoader 256 false
let validDl = zip validX validY |> dataLoader 256 false

// %%
let calcGrad x y model = Loss.mnistLoss (model x, y) |> Tensor.backward

// %%
let trainEpoch model (lr: float) (parameters: Tensor list) =
    for xb, yb in batches dl do
        calcGrad xb yb model
        for p in parameters do
            do
                use _ = noGrad ()
                p -= p.Grad * lr                          // p.data -= p.grad * lr
            Tensor.zeroGrad p

// %%
let validateEpoch model =
    use _ = noGrad ()
    let accs = [ for xb, yb in batches validDl -> F.BatchAccuracy(model xb, yb) |> Tensor.item ]
    System.Math.Round(List.average accs, 4)

// %%
let lr = 1.0
let parameters = [ weights; bias ]
printfn "%g" (validateEpoch linear1)
trainEpoch linear1 lr parameters
printfn "%g" (validateEpoch linear1)
let accs =
    [ for _ in 1..20 ->
        trainEpoch linear1 lr parameters
        let acc = validateEpoch linear1
        printf "%g " acc
        acc ]
printfn ""
plotLineLabeled "linear model from scratch: accuracy" "epoch" "accuracy" accs

// %%
report "final_accuracy" (List.last accs)
report "accuracy_rises" (if List.last accs > List.head accs then 1 else 0)
