// Data with F# reference tuples: the engine's (x, y) pairs are .NET value tuples, which F# only takes apart with
// `struct (...)`; these give `for xb, yb in batches dl`, `let xb, yb = first dl` and `let x, y = item 0 dset`.
namespace Mnist.Scripting.FSharp

open Mnist.Scripting
open Mnist.Scripting.Data

[<AutoOpen>]
module DataFunctions =
    /// fastai's first(dl): the first batch as (xb, yb).
    let first (dl: DataLoader) = let struct (x, y) = dl.First() in x, y

    /// A DataLoader's batches as (xb, yb) pairs: `for xb, yb in batches dl do ...`.
    let batches (dl: DataLoader) = seq { for struct (x, y) in dl -> x, y }

    /// dset[i] as (x, y).
    let item (index: int) (dataset: TensorDataset) = let struct (x, y) = dataset[index] in x, y

    /// fastai's list(zip(x, y)) as a dataset: `zip trainX trainY`.
    let zip (x: Tensor) (y: Tensor) = Dataset.Zip(x, y)

    /// DataLoader(dataset, batch_size=..., shuffle=...): `dataLoader 256 true dset`.
    let dataLoader (batchSize: int) (shuffle: bool) (dataset: TensorDataset) = new DataLoader(dataset, batchSize = batchSize, shuffle = shuffle)

    /// untar_data(URLs.MNIST_SAMPLE): `untarData Urls.MnistSample`.
    let untarData (url: RemoteFile) = Datasets.UntarData url

/// The four MNIST IDX files (step 12) as (images, labels) pairs.
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module FullMnist =
    /// The 60,000 training images [60000, 28, 28] (bytes) and their labels [60000].
    let train () = let struct (images, labels) = Mnist.Scripting.Data.FullMnist.Train() in images, labels
    /// The 10,000 test images and their labels.
    let test () = let struct (images, labels) = Mnist.Scripting.Data.FullMnist.Test() in images, labels
