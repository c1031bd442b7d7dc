// The data sets we know how to fetch, with their sizes and checksums (fastai's URLs.MNIST_SAMPLE, torchvision's MNIST files).
namespace Mnist.Scripting.Data;

/// <summary>A file to download: its URL, its name in the archive cache and in a mirror, and the checks it must pass.</summary>
/// <param name="Url">Where to download it from.</param>
/// <param name="FileName">Relative name under the archive folder and the mirror, e.g. <c>mnist/train-images-idx3-ubyte.gz</c>.</param>
/// <param name="Size">Exact size in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the whole file; null skips the hash check (size only).</param>
public sealed record RemoteFile(string Url, string FileName, long Size, string? Sha256)
{
    /// <summary>Folder name the archive extracts to: the file name without .tgz/.tar.gz/.tar (fastai's rule).</summary>
    public string Stem
    {
        get
        {
            var n = Path.GetFileName(FileName);
            foreach (var ext in new[] { ".tar.gz", ".tgz", ".tar", ".gz", ".zip" })
                if (n.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return n[..^ext.Length];
            return n;
        }
    }
}

/// <summary>The four original MNIST IDX files.</summary>
public sealed record MnistFiles(RemoteFile TrainImages, RemoteFile TrainLabels, RemoteFile TestImages, RemoteFile TestLabels)
{
    public IEnumerable<RemoteFile> All => [TrainImages, TrainLabels, TestImages, TestLabels];
}

/// <summary>Known data sets (fastai's URLs).</summary>
public static class Urls
{
    /// <summary>fastai's MNIST_SAMPLE: the 3s and 7s of MNIST as PNGs, with labels.csv.</summary>
    public static RemoteFile MnistSample { get; } = new(
        "https://s3.amazonaws.com/fast-ai-sample/mnist_sample.tgz", "mnist_sample.tgz", 3_214_948,
        "b373a14f282298aeba0f7dd56b7cdb6c2401063d4f118c39c54982907760bd38");

    const string MnistBase = "https://ossci-datasets.s3.amazonaws.com/mnist/";

    /// <summary>The original MNIST (all ten digits), sizes and SHA-256 as published by TensorFlow Datasets.</summary>
    public static MnistFiles Mnist { get; } = new(
        Idx("train-images-idx3-ubyte.gz", 9_912_422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
        Idx("train-labels-idx1-ubyte.gz", 28_881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
        Idx("t10k-images-idx3-ubyte.gz", 1_648_877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
        Idx("t10k-labels-idx1-ubyte.gz", 4_542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"));

    static RemoteFile Idx(string name, long size, string sha) => new(MnistBase + name, "mnist/" + name, size, sha);
}
