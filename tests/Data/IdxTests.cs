// Full MNIST from the IDX files: counts, label histogram, agreement with the PNG sample, and clear errors on bad files.
using System.IO.Compression;
using Mnist.Scripting.Data;

namespace Mnist.Scripting.Tests.Data;

public class IdxTests
{
    static readonly Lazy<(Tensor, Tensor)> train = new(FullMnist.Train), test = new(FullMnist.Test);

    [Test]
    public void TrainAndTestHaveTheOfficialCounts()
    {
        var (x, y) = FullMnist.Train();
        Assert.That(x.Shape.ToArray(), Is.EqualTo(new[] { 60000, 28, 28 }));
        Assert.That(x.DType, Is.EqualTo(DType.UInt8));
        Assert.That(y.Shape.ToArray(), Is.EqualTo(new[] { 60000 }));
        Assert.That(y.DType, Is.EqualTo(DType.Int64));
        var counts = new int[10];
        foreach (var l in y.ToArray<long>()) counts[l]++;
        Assert.That(counts, Is.EqualTo(new[] { 5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949 }));
        var (tx, ty) = FullMnist.Test();
        Assert.That(tx.Shape.ToArray(), Is.EqualTo(new[] { 10000, 28, 28 }));
        Assert.That(ty.Size(0), Is.EqualTo(10000));
    }

    [TestCase("train", 3), TestCase("train", 7), TestCase("valid", 3), TestCase("valid", 7)]
    public void SampleDigitsArePixelIdenticalToTheIdxImages(string split, int digit)
    {
        var (x, y) = split == "train" ? train.Value : test.Value;
        var folder = DataTestEnv.Sample / split / digit.ToString();
        var files = folder.Ls().Sorted();
        var pngs = Images.LoadStacked(files);
        var idx = Tensor.FromArray(files.Select(f => long.Parse(f.Stem)).ToArray());
        Assert.That(x.IndexSelect(0, idx).Equal(pngs), Is.True);
        Assert.That(y.IndexSelect(0, idx).Eq((long)digit).All(), Is.True);
        Assert.That(y.Eq((long)digit).Long().Sum().Item<long>(), Is.EqualTo(files.Count), "the sample holds every such digit");
    }

    string tmp = "";
    [SetUp] public void MakeTemp() => tmp = Directory.CreateTempSubdirectory("mnist-idx-").FullName;
    [TearDown] public void RemoveTemp() => Directory.Delete(tmp, recursive: true);

    string Write(byte[] bytes, bool gzip = false)
    {
        var p = Path.Combine(tmp, gzip ? "f.gz" : "f");
        if (!gzip) { File.WriteAllBytes(p, bytes); return p; }
        using var fs = File.Create(p);
        using var gz = new GZipStream(fs, CompressionLevel.Fastest);
        gz.Write(bytes);
        return p;
    }

    [Test]
    public void ReadsPlainAndGzippedFiles()
    {
        byte[] file = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 1, 2, 3, 4];
        Assert.That(Idx.ReadImages(Write(file)).ToArray<byte>(), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        var t = Idx.ReadImages(Write(file, gzip: true));
        Assert.That(t.Shape.ToArray(), Is.EqualTo(new[] { 2, 1, 2 }));
        Assert.That(Idx.ReadLabels(Write([0, 0, 8, 1, 0, 0, 0, 3, 7, 3, 9])).ToArray<long>(), Is.EqualTo(new long[] { 7, 3, 9 }));
    }

    [TestCase(new byte[] { 1, 2, 8, 3, 0, 0, 0, 1 }, "not IDX")]
    [TestCase(new byte[] { 0, 0, 0x0D, 3, 0, 0, 0, 1 }, "element type 0x0D")]
    [TestCase(new byte[] { 0, 0, 8, 1, 0, 0, 0, 1, 5 }, "swapped")]
    [TestCase(new byte[] { 0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3 }, "truncated")]
    [TestCase(new byte[] { 0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 2 }, "extra bytes")]
    [TestCase(new byte[] { 0, 0, 8, 3, 0x7F, 0, 0, 0, 0x7F, 0, 0, 0, 0x7F, 0, 0, 0 }, "MaxElements")]
    public void BadImageFilesGiveClearErrors(byte[] bytes, string reason)
    {
        var p = Write(bytes);
        var e = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(p));
        Assert.That(e!.Message, Does.Contain(p).And.Contain(reason));
    }

    [Test]
    public void TruncatedGzipIsReported()
    {
        var src = File.ReadAllBytes(Path.Combine(DataTestEnv.SharedData, "mnist", "t10k-labels-idx1-ubyte.gz"));
        var p = Path.Combine(tmp, "cut.gz");
        File.WriteAllBytes(p, src[..(src.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => Idx.ReadLabels(p));
        Assert.That(e!.Message, Does.Contain(p));
    }
}
