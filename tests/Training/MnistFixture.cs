// Test-local MNIST 3s-vs-7s data, built from the gzipped IDX files in shared/data/mnist exactly as the book stacks them.
using System.IO.Compression;

namespace Mnist.Scripting.Tests.Training;

/// <summary>
/// The book's sets: train_x [12396, 784] float in [0, 1] (all 3s, then all 7s, in file order), train_y [12396, 1]
/// Int64 (1 for a 3, 0 for a 7); valid the same from the t10k files ([2038, ...]). Loaded once per test run.
/// The data folder is found by walking up from the test assembly to a "shared/data/mnist" folder, or from
/// MNIST_SCRIPTING_SHARED_DATA (the "shared/data" folder).
/// </summary>
internal static class MnistFixture
{
    static readonly Lazy<(Tensor X, Tensor Y)> train = new(() => Load("train"));
    static readonly Lazy<(Tensor X, Tensor Y)> valid = new(() => Load("t10k"));

    public static (Tensor X, Tensor Y) Train => train.Value;
    public static (Tensor X, Tensor Y) Valid => valid.Value;

    /// <summary>The shared/data folder, or null when it cannot be found (tests then report Inconclusive).</summary>
    public static string? DataDir()
    {
        var shared = RepoPaths.SharedData;
        return shared is not null && Directory.Exists(Path.Combine(shared, "mnist")) ? shared : null;
    }

    public static void RequireData()
    {
        if (DataDir() is null) Assert.Ignore("shared/data/mnist not found; set MNIST_SCRIPTING_SHARED_DATA to the shared/data folder");
    }

    /// <summary>Batches of <paramref name="batchSize"/> consecutive rows (views, no copy), in order: DataLoader(dset, batch_size=256).</summary>
    public static IReadOnlyList<(Tensor X, Tensor Y)> Batches((Tensor X, Tensor Y) set, int batchSize = 256)
    {
        var list = new List<(Tensor, Tensor)>();
        int n = set.X.Size(0);
        for (int i = 0; i < n; i += batchSize)
        {
            int len = Math.Min(batchSize, n - i);
            list.Add((set.X.Narrow(0, i, len), set.Y.Narrow(0, i, len)));
        }
        return list;
    }

    static (Tensor X, Tensor Y) Load(string prefix)
    {
        var dir = Path.Combine(DataDir() ?? throw new DirectoryNotFoundException("shared/data/mnist not found"), "mnist");
        var images = ReadIdx(Path.Combine(dir, $"{prefix}-images-idx3-ubyte.gz"), 2051);
        var labels = ReadIdx(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte.gz"), 2049);
        const int px = 28 * 28;
        var threes = Enumerable.Range(0, labels.Length).Where(i => labels[i] == 3).ToList();
        var sevens = Enumerable.Range(0, labels.Length).Where(i => labels[i] == 7).ToList();
        var order = threes.Concat(sevens).ToList();
        var x = new float[order.Count * px];
        var y = new long[order.Count];
        for (int r = 0; r < order.Count; r++)
        {
            int src = 16 + order[r] * px;
            for (int j = 0; j < px; j++) x[r * px + j] = images[src + j] / 255f;
            y[r] = r < threes.Count ? 1 : 0;
        }
        return (Tensor.FromArray(x, order.Count, px), Tensor.FromArray(y, order.Count, 1));
    }

    // Returns the whole decompressed file; for labels the header (8 bytes) is stripped so labels[i] is item i.
    static byte[] ReadIdx(string path, int magic)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        var bytes = ms.ToArray();
        int m = (bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3];
        if (m != magic) throw new InvalidDataException($"{path}: IDX magic {m}, expected {magic}");
        return magic == 2049 ? bytes[8..] : bytes;
    }
}
