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
let path = Datasets.UntarData(Urls.MnistSample)
let threes = (path / "train" / "3").Ls().Sorted()
let sevens = (path / "train" / "7").Ls().Sorted()

// %%
// torch.stack([tensor(Image.open(o)) for o in threes]).float()/255
let stackedThrees = Images.LoadStacked(threes).Float() / 255
let stackedSevens = Images.LoadStacked(sevens).Float() / 255
printfn "%d %d" threes.Count sevens.Count
let im3 = Tensor.Load(threes[1])
printfn "%O" im3[4..9, 4..9]                     // the book's tensor(im3)[4:10,4:10]
printfn "%O" stackedThrees.Shape

// %%
let mean3 = stackedThrees.Mean(0)
let mean7 = stackedSevens.Mean(0)
let a3 = stackedThrees[1]
Prelude.ShowImage(mean3, "mean3") |> ignore
Prelude.ShowImage(a3, "a_3") |> ignore

// %%
// The two distances, written as pipelines over the static mirrors.
let l1 (a: Tensor) (b: Tensor) = (a - b) |> Ops.Abs |> Ops.Mean
let rmse (a: Tensor) (b: Tensor) = (a - b).Pow(2.0) |> Ops.Mean |> Ops.Sqrt
printfn "%O %O" (l1 a3 mean3) (rmse a3 mean3)
printfn "%O %O" (l1 a3 mean7) (rmse a3 mean7)
printfn "%O %O" (F.L1Loss(a3.Float(), mean7)) (F.MseLoss(a3, mean7).Sqrt())

// %%
Prelude.Report("pixels_4_10", im3[4..9, 4..9])
Prelude.Report("stacked_threes_shape", stackedThrees.Shape.ToString())
Prelude.Report("dist3_l1", l1 a3 mean3)
Prelude.Report("dist3_rmse", rmse a3 mean3)
Prelude.Report("dist7_l1", l1 a3 mean7)
Prelude.Report("dist7_rmse", rmse a3 mean7)
Prelude.Report("f_l1_loss", F.L1Loss(a3.Float(), mean7))
Prelude.Report("f_mse_loss_sqrt", F.MseLoss(a3, mean7).Sqrt())
