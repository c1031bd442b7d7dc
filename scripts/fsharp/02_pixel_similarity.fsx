// Chapter 4, step 2 in F# (book cells [33]-[56]): stack every 3 and 7, the mean digits, and two distances.
// Run: dotnet build scripting-host -c Release && dotnet fsi scripts/fsharp/02_pixel_similarity.fsx
// %% [markdown]
// # Step 2 in F#
//
// Book cells [33]-[56]: stack every 3 and 7, the mean digits, and two distances.
//
// A first baseline that learns nothing: average all the 3s into one "ideal" 3, do the same for the 7s, and call
// an image whichever ideal digit it is closer to. To get there we stack every training image into one rank-3
// tensor and measure distance in two ways, mean absolute difference (L1) and root mean squared error (RMSE).
// It follows book cells [33]-[56].
// %%
#load "common.fsx"
open Common
open Mnist.Scripting.FSharp
open Mnist.Scripting
open Mnist.Scripting.Data
open Mnist.Scripting.NN
open Mnist.Scripting.Dsl

// %%
let path = untarData Urls.MnistSample
let threes = ls (path / "train" / "3") |> sorted
let sevens = ls (path / "train" / "7") |> sorted

// %%
// torch.stack([tensor(Image.open(o)) for o in threes]).float()/255
let stackedThrees = (loadStacked threes |> Tensor.float) / 255
let stackedSevens = (loadStacked sevens |> Tensor.float) / 255
printfn "%d %d" threes.Count sevens.Count
let im3 = loadImage threes[1]
printfn "%O" im3[4..9, 4..9]                     // the book's tensor(im3)[4:10,4:10]
printfn "%O" stackedThrees.Shape

// %%
let mean3 = stackedThrees |> Tensor.meanDim 0
let mean7 = stackedSevens |> Tensor.meanDim 0
let a3 = stackedThrees[1]
showImageTitled "mean3" mean3
showImageTitled "a_3" a3

// %%
// The two distances, written as pipelines.
let l1 (a: Tensor) (b: Tensor) = (a - b) |> Tensor.abs |> Tensor.mean
let rmse (a: Tensor) (b: Tensor) = (a - b) ** 2.0 |> Tensor.mean |> Tensor.sqrt
printfn "%O %O" (l1 a3 mean3) (rmse a3 mean3)
printfn "%O %O" (l1 a3 mean7) (rmse a3 mean7)
printfn "%O %O" (Loss.l1Loss (Tensor.float a3, mean7)) (Loss.mseLoss (a3, mean7) |> Tensor.sqrt)

// %%
report "pixels_4_10" im3[4..9, 4..9]
report "stacked_threes_shape" (string stackedThrees.Shape)
report "dist3_l1" (l1 a3 mean3)
report "dist3_rmse" (rmse a3 mean3)
report "dist7_l1" (l1 a3 mean7)
report "dist7_rmse" (rmse a3 mean7)
report "f_l1_loss" (Loss.l1Loss (Tensor.float a3, mean7))
report "f_mse_loss_sqrt" (Loss.mseLoss (a3, mean7) |> Tensor.sqrt)
