// Shared by steps 8-11: the book's training and validation sets as [n, 784] floats and [n, 1] labels (1 for a 3).
(Tensor X, Tensor Y) LoadSplit(DataPath root, string split, bool sorted)
{
    var threes = (root / split / "3").Ls();
    var sevens = (root / split / "7").Ls();
    if (sorted) { threes = threes.Sorted(); sevens = sevens.Sorted(); }
    var x = Tensor.Cat([Images.LoadStacked(threes), Images.LoadStacked(sevens)]).Float().View(-1, 28 * 28) / 255;
    var y = Tensor.FromArray(Enumerable.Repeat(1L, threes.Count).Concat(Enumerable.Repeat(0L, sevens.Count)).ToArray()).Unsqueeze(1);
    return (x, y);
}

var samplePath = Datasets.UntarData(Urls.MnistSample);
var (trainX, trainY) = LoadSplit(samplePath, "train", sorted: true);
var (validX, validY) = LoadSplit(samplePath, "valid", sorted: false);
var dset = Dataset.Zip(trainX, trainY);
var validDset = Dataset.Zip(validX, validY);
