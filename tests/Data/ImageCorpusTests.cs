// Every crafted broken image is refused, alone and inside a folder, with an error naming it and without a big allocation.
using Mnist.Scripting.Data;

namespace Mnist.Scripting.Tests.Data;

public class ImageCorpusTests
{
    string tmp = "";
    [SetUp] public void MakeTemp() => tmp = Directory.CreateTempSubdirectory("mnist-corpus-").FullName;
    [TearDown] public void RemoveTemp() => Directory.Delete(tmp, recursive: true);

    static IEnumerable<TestCaseData> Cases() => ImageCorpus.All().Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));

    [Test]
    public void TheCorpusIsBigAndEveryAcceptedFormatStillLoads()
    {
        Assert.That(ImageCorpus.All().Count(), Is.GreaterThanOrEqualTo(200));
        Assert.That(ImageCorpus.All().Select(c => c.Name).Distinct().Count(), Is.EqualTo(ImageCorpus.All().Count()), "names are unique");
        var goods = new[]
        {
            (ImageCorpus.GoodPng, "good.png", new[] { 28, 28 }), (ImageCorpus.GoodJpeg, "good.jpg", new[] { 16, 16, 3 }),
            (ImageCorpus.GoodWebP, "good.webp", new[] { 3, 4, 3 }), (ImageCorpus.GoodBmp, "good.bmp", new[] { 2, 2, 3 }),
            (ImageCorpus.GoodGif, "good.gif", new[] { 1, 1, 3 }),
        };
        foreach (var (good, name, shape) in goods)
        {
            var file = Path.Combine(tmp, name);
            File.WriteAllBytes(file, good);
            Assert.That(Tensor.Load(file).Shape.ToArray(), Is.EqualTo(shape), name);
        }
        Assert.That(Tensor.Load(Path.Combine(tmp, "good.bmp"))[1, 1].ToArray<byte>(), Is.EqualTo(new byte[] { 10, 20, 30 }));
        Assert.That(Tensor.Load(Path.Combine(tmp, "good.gif")).ToArray<byte>(), Is.EqualTo(new byte[] { 255, 255, 255 }));
    }

    [TestCaseSource(nameof(Cases))]
    public void IsRefusedNamingTheFile(ImageCorpus.Case c)
    {
        var file = Path.Combine(tmp, c.FileName);
        File.WriteAllBytes(file, c.Bytes);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<ImageLoadException>(() => Tensor.Load(file));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.That(e!.File, Is.EqualTo(file));
        Assert.That(e.Message, Does.Contain($"'{file}'").And.Contain(c.Reason));
        Assert.That(allocated, Is.LessThan(4 << 20), "refused before decoding anything big");

        // The same file among good ones: the folder load names it too.
        File.WriteAllBytes(Path.Combine(tmp, "a" + Path.GetExtension(c.FileName)), c.Good);
        File.WriteAllBytes(Path.Combine(tmp, "c" + Path.GetExtension(c.FileName)), c.Good);
        var e2 = Assert.Throws<ImageLoadException>(() => Images.LoadFolder(tmp, useCache: false));
        Assert.That(e2!.File, Is.EqualTo(file));
        Assert.That(e2.Message, Does.Contain(c.Reason));
    }
}
