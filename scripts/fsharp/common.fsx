// Loaded by the F# twins of the chapter scripts (#load "common.fsx"; open Mnist.Scripting.FSharp): references the
// built library and its F# front end (the engine itself makes fsi echo tensors and shapes as PyTorch prints them).
// In the F# kernel, whose cells already reference them, the #r lines are skipped.
// Build first: dotnet build scripting-host -c Release && dotnet build fsharp/Mnist.Scripting.FSharp -c Release
// (the host's bin folder holds the engine, data, training, CUDA, the DSL and their packages).
#if !MNIST_SCRIPTING_KERNEL
#I "../../scripting-host/bin/Release/net10.0"
#r "Mnist.Scripting.Core.dll"
#r "Mnist.Scripting.Data.dll"
#r "Mnist.Scripting.Training.dll"
#r "Mnist.Scripting.Dsl.dll"
#r "../../fsharp/Mnist.Scripting.FSharp/bin/Release/net10.0/Mnist.Scripting.FSharp.dll"
#endif

open Mnist.Scripting
open Mnist.Scripting.Data

/// torch.stack([tensor(Image.open(o)) for o in files]).float()/255: the images as floats in 0..1.
let stackImages (files: PathList) = (Images.LoadStacked files).Float() / 255.0

/// The book's training or validation set (steps 8-11): [n, 784] floats in 0..1 and [n, 1] labels, 1 for a 3.
/// The training files are sorted as Python sorts them, so batches hold the book's images in the book's order.
let loadSplit (root: DataPath) (split: string) (sorted: bool) =
    let ls (dir: DataPath) = if sorted then dir.Ls().Sorted() else dir.Ls()
    let threes, sevens = ls (root / split / "3"), ls (root / split / "7")
    let x = Tensor.Cat([ stackImages threes; stackImages sevens ]).View(-1, 28 * 28)
    let y = Tensor.FromArray(Array.append (Array.create threes.Count 1L) (Array.create sevens.Count 0L)).Unsqueeze(1)
    x, y

/// MNIST_SAMPLE's training and validation sets, as scripts/common/sample.csx builds them for the C# steps 8-11.
let loadSample () =
    let path = Datasets.UntarData Urls.MnistSample
    loadSplit path "train" true, loadSplit path "valid" false
