// Chapter 4, step 7 in F# (book cells [197]-[242]): the training set as vectors, a linear model, and a loss with a gradient.
// Run: dotnet build scripting-host -c Release && dotnet build fsharp/Mnist.Scripting.FSharp -c Release &&
//      dotnet fsi scripts/fsharp/07_mnist_loss.fsx
// %% [markdown]
// # Step 7 in F#
//
// Book cells [197]-[242]: the training set as vectors, a linear model, and a loss with a gradient.
//
// Back to the digits, now with parameters to learn: each image becomes a row of 784 pixels, and a linear model
// gives it a score from 784 weights and a bias. Accuracy cannot drive the learning, because a tiny change to the
// weights almost never changes it, so its gradient is zero. We build a smooth loss instead, and squash the scores
// with a sigmoid first. It follows book cells [197]-[242].
// %%
#load "common.fsx"
open Common
open Mnist.Scripting.FSharp
open Mnist.Scripting.Data

// %%
let path = untarData Urls.MnistSample
let stackedThrees = ls (path / "train" / "3") |> sorted |> stackImages
let stackedSevens = ls (path / "train" / "7") |> sorted |> stackImages

// %%
let trainX = Tensor.cat [ stackedThrees; stackedSevens ] |> Tensor.view [ -1; 28 * 28 ]
let trainY =
    Array.append (Array.create stackedThrees.Length 1L) (Array.create stackedSevens.Length 0L)
    |> Tensor.FromArray |> Tensor.unsqueeze 1
printfn "%O %O" trainX.Shape trainY.Shape
let dset = zip trainX trainY
let x0, y0 = item 0 dset
printfn "%O %O" x0.Shape y0

// %%
Tensor.manualSeed 42L
let initParams (std: float) (size: int list) = Tensor.randn size * std |> Tensor.requiresGrad
let weights = initParams 1.0 [ 28 * 28; 1 ]
let bias = initParams 1.0 [ 1 ]
printfn "%O" ((trainX[0] * weights.T |> Tensor.sum) + bias)

// %%
let linear1 xb = Tensor.matmul (xb, weights) + bias
let preds = linear1 trainX
printfn "%O" preds

// %%
// Accuracy is a step function of the weights: a tiny change leaves it exactly the same (zero gradient).
let accuracyOf (preds: Tensor) = (preds .> 0.0 |> Tensor.float) .= trainY |> Tensor.float |> Tensor.mean |> Tensor.item
let accuracy = accuracyOf preds
printfn "%g" accuracy
do
    use _ = noGrad ()
    weights[0] *= 1.0001
let accuracyAfter = linear1 trainX |> accuracyOf
printfn "%g" accuracyAfter

// %%
// mnist_loss, first without the sigmoid (the book's toy numbers), then with it.
let trgts = tensor [ 1; 0; 1 ]
let prds = tensor [ 0.9; 0.4; 0.2 ]
let mnistLossRaw predictions (targets: Tensor) =
    Tensor.where (targets .= 1.0, 1.0 - predictions, predictions) |> Tensor.mean
printfn "%O" (Tensor.where (trgts .= 1.0, 1.0 - prds, prds))
printfn "%O" (mnistLossRaw prds trgts)
printfn "%O" (mnistLossRaw (tensor [ 0.9; 0.4; 0.8 ]) trgts)

// %%
let sigmoid x = 1.0 / (1.0 + Tensor.exp -x)
plotFunctionOver -4.0 4.0 Tensor.sigmoid "x" "Sigmoid"
printfn "%O" (Loss.mnistLoss (tensor [ -2.0; 0.5; 3.0 ], trgts))   // the book's mnist_loss: sigmoid first

// %%
let xs = tensor [ -1.0; 0.0; 2.0 ]
report "train_x_shape" (string trainX.Shape)
report "train_y_shape" (string trainY.Shape)
report "accuracy_unchanged" (if accuracy = accuracyAfter then 1 else 0)
report "where_toy" (Tensor.where (trgts .= 1.0, 1.0 - prds, prds))
report "mnist_loss_toy" (mnistLossRaw prds trgts)
report "mnist_loss_toy2" (mnistLossRaw (tensor [ 0.9; 0.4; 0.8 ]) trgts)
report "sigmoid_matches" (if Tensor.allClose (sigmoid xs, Tensor.sigmoid xs) then 1 else 0)
