// Chapter 4, step 4 in F# (book cells [83]-[99]): broadcasting, a distance to the mean digits, and the baseline's accuracy.
// Run: dotnet build scripting-host -c Release && dotnet build fsharp/Mnist.Scripting.FSharp -c Release &&
//      dotnet fsi scripts/fsharp/04_broadcasting_baseline.fsx
// %% [markdown]
// # Step 4 in F#
//
// Book cells [83]-[99]: broadcasting, a distance to the mean digits, and the baseline's accuracy.
//
// Step 2 compared one image with the ideal digits; here we score the idea on the whole validation set. The trick
// is broadcasting: subtracting a [28, 28] mean from a [1010, 28, 28] stack treats the mean as if it were repeated
// for every image, without a loop and without copying it. The resulting accuracy is the number any trained model
// has to beat. It follows book cells [83]-[99].
// %%
#load "common.fsx"
open Common
open Mnist.Scripting.FSharp
open Mnist.Scripting.Data

// %%
let path = untarData Urls.MnistSample
let stackedThrees = ls (path / "train" / "3") |> sorted |> stackImages
let stackedSevens = ls (path / "train" / "7") |> sorted |> stackImages
let mean3 = stackedThrees |> Tensor.meanDim 0
let mean7 = stackedSevens |> Tensor.meanDim 0
let a3 = stackedThrees[1]

// %%
let valid3Tens = ls (path / "valid" / "3") |> stackImages
let valid7Tens = ls (path / "valid" / "7") |> stackImages
printfn "%O %O" valid3Tens.Shape valid7Tens.Shape

// %%
/// (a-b).abs().mean((-1,-2)): the mean over the last two axes, whatever comes before them.
let mnistDistance (a: Tensor) (b: Tensor) = a - b |> Tensor.abs |> Tensor.meanDims [ -1; -2 ]
printfn "%O" (mnistDistance a3 mean3)

// %%
// [1010,28,28] - [28,28]: mean3 is broadcast over every validation image, no copy made.
let valid3Dist = mnistDistance valid3Tens mean3
printfn "%O %O" valid3Dist valid3Dist.Shape
printfn "%O" (tensor [ 1; 2; 3 ] + tensor 1)
printfn "%O" (valid3Tens - mean3).Shape

// %%
/// A 3 when it is nearer the mean 3 than the mean 7: a Bool tensor, one answer per image.
let isThree x = mnistDistance x mean3 .< mnistDistance x mean7
printfn "%O %O" (isThree a3) (isThree a3 |> Tensor.float)
printfn "%O" (isThree valid3Tens)

// %%
let accuracy3s = isThree valid3Tens |> Tensor.float |> Tensor.mean
let accuracy7s = 1.0 - (isThree valid7Tens |> Tensor.float) |> Tensor.mean
printfn "%O %O %O" accuracy3s accuracy7s ((accuracy3s + accuracy7s) / 2.0)

// %%
report "valid3_shape" (string valid3Tens.Shape)
report "valid7_shape" (string valid7Tens.Shape)
report "distance_a3_mean3" (mnistDistance a3 mean3)
report "broadcast_add" (tensor [ 1; 2; 3 ] + tensor 1)
report "threes_right" (isThree valid3Tens |> Tensor.sum)
report "sevens_right" (isThree valid7Tens .= 0.0 |> Tensor.sum)
report "accuracy_3s" accuracy3s
report "accuracy_7s" accuracy7s
report "accuracy_mean" ((accuracy3s + accuracy7s) / 2.0)
