// Chapter 4, step 1 in F# (book cells [11]-[26]): download MNIST_SAMPLE, list it, open one 3 and look at its pixels.
// Run: dotnet build scripting-host -c Release && dotnet build fsharp/Mnist.Scripting.FSharp -c Release &&
//      dotnet fsi scripts/fsharp/01_data.fsx
// %% [markdown]
// # Step 1 in F#
//
// Book cells [11]-[26]: download MNIST_SAMPLE, list it, open one 3 and look at its pixels.
//
// Before any model, we look at what we are going to classify. This step fetches MNIST_SAMPLE, a small archive
// holding only handwritten 3s and 7s, lists its folders, and opens one 3 to show that an image is nothing more
// than a 28x28 grid of numbers between 0 (white) and 255 (black). It follows book cells [11]-[26].
// %%
#load "common.fsx"
open Mnist.Scripting.FSharp
open Mnist.Scripting.Data

// %%
let path = untarData Urls.MnistSample              // path = untar_data(URLs.MNIST_SAMPLE)
DataPath.BasePath <- path                          // Path.BASE_PATH = path: print paths relative to the data
printfn "%O" (ls path)
printfn "%O" (ls (path / "train"))

// %%
// Sorted as Python sorts strings (ordinal), so threes[1] is train/3/10000.png as in the book.
let threes = ls (path / "train" / "3") |> sorted
let sevens = ls (path / "train" / "7") |> sorted
printfn "%O" threes

// %%
let im3Path = threes[1]
let im3 = loadImage im3Path                        // tensor(Image.open(im3_path))
showImageTitled "im3" im3
printfn "%O" im3[4..9, 4..9]                       // im3[4:10, 4:10]: F# ranges include their end

// %%
// The book's pandas heat map of im3_t[4:15, 4:22]: numbers over grey cells.
showHeatmapTitled "im3_t[4:15,4:22]" im3[4..14, 4..21]

// %%
report "threes_count" threes.Count
report "sevens_count" sevens.Count
report "threes_1" (im3Path.RelativeTo path)
report "pixels_4_10" im3[4..9, 4..9]
