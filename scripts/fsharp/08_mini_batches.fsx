// Chapter 4, step 8 in F# (book cells [246]-[289]): DataLoader, mini-batches, gradients that accumulate, and validation.
// Run: dotnet build scripting-host -c Release && dotnet build fsharp/Mnist.Scripting.FSharp -c Release &&
//      dotnet fsi scripts/fsharp/08_mini_batches.fsx
// %% [markdown]
// # Step 8 in F#
//
// Book cells [246]-[289]: DataLoader, mini-batches, gradients that accumulate, and validation.
//
// Computing the loss over all 12,396 images for every step is slow, and over one image is noisy; mini-batches
// are the middle way. This step shows how a DataLoader cuts a collection into (optionally shuffled) batches, runs
// the linear model on a batch, shows that gradients add up across calls until they are zeroed, and measures
// accuracy on the validation set. It follows book cells [246]-[289]. The shared `common/sample.csx` builds the
// training and validation sets exactly as step 7 did.
// %%
#load "common.fsx"
open Common
open Mnist.Scripting.FSharp
open Mnist.Scripting.Data

// %%
let (trainX, trainY), (validX, validY) = loadSample ()

// %%
// DataLoader(range(15), batch_size=5, shuffle=True) and the letters example.
Tensor.manualSeed 42L
let dl15 = dataLoaderOf 5 true [ 0..14 ]
dl15 |> Seq.map string |> String.concat ", " |> printfn "%s"
let ds = Dataset.Enumerate "abcdefghijklmnopqrstuvwxyz"
let dlLetters = dataLoaderOf 6 true ds
for b in dlLetters do printfn "%O" b

// %%
Tensor.manualSeed 42L
let initParams (std: float) (size: int list) = Tensor.randn size * std |> Tensor.requiresGrad
let weights = initParams 1.0 [ 28 * 28; 1 ]
let bias = initParams 1.0 [ 1 ]

// %%
let dl = zip trainX trainY |> dataLoader 256 false
let xb, yb = first dl
printfn "%O %O" xb.Shape yb.Shape
let validDl = zip validX validY |> dataLoader 256 false

// %%
let linear1 x = Tensor.matmul (x, weights) + bias
let batch = trainX[..3]
let preds = linear1 batch
printfn "%O" preds
let loss = Loss.mnistLoss (preds, trainY[..3])
printfn "%O" loss
Tensor.backward loss
printfn "%O %O %O" weights.Grad.Shape (Tensor.mean weights.Grad) bias.Grad

// %%
let calcGrad x y model = Loss.mnistLoss (model x, y) |> Tensor.backward
calcGrad batch trainY[..3] linear1
let biasGradAfterTwo = bias.Grad |> Tensor.item
printfn "%O %O" (Tensor.mean weights.Grad) bias.Grad
calcGrad batch trainY[..3] linear1
let biasGradAfterThree = bias.Grad |> Tensor.item
printfn "%O %O" (Tensor.mean weights.Grad) bias.Grad   // gradients add up until zeroed
Tensor.zeroGrad weights
Tensor.zeroGrad bias

// %%
let batchAccuracy x (y: Tensor) = (Tensor.sigmoid x .> 0.5) .= Tensor.bool y |> Tensor.float |> Tensor.mean
printfn "%O" (batchAccuracy (linear1 batch) trainY[..3])

// %%
let validateEpoch model =
    use _ = noGrad ()
    let accs = [ for xb, yb in batches validDl -> batchAccuracy (model xb) yb |> Tensor.item ]
    System.Math.Round(List.average accs, 4)
printfn "%g" (validateEpoch linear1)

// %%
/// How many images a batch holds (its x's first dimension).
let batchLength (x: Tensor, _: Tensor) = x.Size 0

// %%
report "dl15_batches" dl15.Count
report "dl15_items" (dl15 |> Seq.concat |> Seq.distinct |> Seq.length)
report "letters_batches" dlLetters.Count
report "letters_last_batch" (Seq.last dlLetters).Count
report "train_batches" dl.Count
report "train_last_batch" (batches dl |> Seq.last |> batchLength)
report "first_batch_x" (string xb.Shape)
report "first_batch_y" (string yb.Shape)
report "valid_batches" validDl.Count
report "valid_last_batch" (batches validDl |> Seq.last |> batchLength)
report "grad_accumulates" (if abs biasGradAfterThree > abs biasGradAfterTwo then 1 else 0)
