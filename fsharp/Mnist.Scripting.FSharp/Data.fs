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

    /// DataLoader(dataset, batch_size=..., shuffle=...): `dataLoader 256 true dset`. A shuffled order comes from the
    /// global generator (Tensor.manualSeed); `dataLoaderSeeded` gives the loader its own.
    let dataLoader (batchSize: int) (shuffle: bool) (dataset: TensorDataset) = new DataLoader(dataset, batchSize = batchSize, shuffle = shuffle)

    /// A shuffled DataLoader with its own seed, so its batches repeat from run to run: `dataLoaderSeeded 42L 128 dset`.
    let dataLoaderSeeded (seed: int64) (batchSize: int) (dataset: TensorDataset) =
        new DataLoader(dataset, batchSize = batchSize, shuffle = true, seed = System.Nullable seed)

    /// DataLoader(coll, batch_size=..., shuffle=...) over any collection (range(15), a string's letters):
    /// `dataLoaderOf 5 true [0..14]`, each batch a list of the items.
    let dataLoaderOf (batchSize: int) (shuffle: bool) (items: seq<'T>) = DataLoader.From(items, batchSize = batchSize, shuffle = shuffle)

    /// path.ls(): a folder's entries in file-system order: `ls (path / "train")`.
    let ls (dir: DataPath) = dir.Ls()

    /// sorted(files), in Python's order (the book's): `ls (path / "train" / "3") |> sorted`.
    let sorted (files: PathList) = files.Sorted()

    /// tensor(Image.open(file)): one image as bytes [28, 28].
    let loadImage (file: DataPath) = Images.Load(file.FullName)

    /// torch.stack([tensor(Image.open(o)) for o in files]): the images as bytes [n, 28, 28].
    let loadStacked (files: PathList) = Images.LoadStacked files

    /// untar_data(URLs.MNIST_SAMPLE): `untarData Urls.MnistSample`.
    let untarData (url: RemoteFile) = Datasets.UntarData url

/// The four MNIST IDX files (step 12) as (images, labels) pairs.
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module FullMnist =
    /// The 60,000 training images [60000, 28, 28] (bytes) and their labels [60000].
    let train () = let struct (images, labels) = Mnist.Scripting.Data.FullMnist.Train() in images, labels
    /// The 10,000 test images and their labels.
    let test () = let struct (images, labels) = Mnist.Scripting.Data.FullMnist.Test() in images, labels
