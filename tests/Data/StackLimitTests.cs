// Images.LoadFolder and LoadStacked refuse stacks over ImageLimits.MaxStackBytes before allocating: decompression bombs, the env variable, the cache.
using Mnist.Scripting.Data;

namespace Mnist.Scripting.Tests.Data;

public class StackLimitTests
{
    string tmp = "";
    [SetUp] public void MakeTemp() => tmp = Directory.CreateTempSubdirectory("mnist-stack-").FullName;

    [TearDown]
    public void RemoveTemp()
    {
        Directory.Delete(tmp, recursive: true);
        Environment.SetEnvironmentVariable(ImageLimits.MaxStackBytesVariable, null);
        ImageLimits.ResetMaxStackBytes();
    }

    // 100 megapixels of zeros: within ImageLimits.MaxPixels alone, about 100 KB on disk, 100 MB decoded.
    static readonly Lazy<byte[]> Bomb = new(() => ImageCorpus.Bomb(10_000, 10_000));

    [TestCase(12, "1,200,000,000 bytes, over ImageLimits.MaxStackBytes = 1,073,741,824; raise it")]
    [TestCase(25, "2,500,000,000 bytes, over the 2,147,483,591 bytes one tensor can hold")]
    public void AFolderOfDecompressionBombsIsRefusedBeforeDecoding(int copies, string reason)
    {
        Assert.That(Bomb.Value, Has.Length.LessThan(200_000));
        for (int i = 0; i < copies; i++) File.WriteAllBytes(Path.Combine(tmp, $"bomb{i:D2}.png"), Bomb.Value);
        foreach (bool cache in new[] { false, true })
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            var e = Assert.Throws<ImageLoadException>(() => Images.LoadFolder(tmp, useCache: cache));
            Assert.That(GC.GetTotalAllocatedBytes(precise: true) - before, Is.LessThan(16 << 20), "nothing decoded");
            Assert.That(e!.File, Is.EqualTo(tmp));
            Assert.That(e.Message, Does.StartWith($"Images.LoadFolder: cannot load '{tmp}': the {copies} images of '{tmp}' at 10000x10000 would stack into ")
                .And.Contain(reason));
        }
        Assert.That(Directory.Exists(ImageCache.Folder) ? Directory.GetFiles(ImageCache.Folder, Path.GetFileName(tmp) + "-*") : [], Is.Empty, "no cache entry");
        var files = Directory.GetFiles(tmp).Order(StringComparer.Ordinal).ToArray();
        var e2 = Assert.Throws<ImageLoadException>(() => Images.LoadStacked(files));
        Assert.That(e2!.Message, Does.StartWith("Images.LoadStacked:").And.Contain($"{copies} images starting with '{files[0]}'").And.Contain(reason));
    }

    static void WriteDigits(string dir, int n)
    {
        for (int i = 0; i < n; i++) File.WriteAllBytes(Path.Combine(dir, $"{i:D3}.png"), ImageCorpus.GoodPng);
    }

    [Test]
    public void TheLimitIsAPropertyOrAnEnvironmentVariable()
    {
        WriteDigits(tmp, 20); // 20 x 784 = 15,680 bytes
        ImageLimits.MaxStackBytes = 15_680;
        Assert.That(Images.LoadFolder(tmp, useCache: false).Shape.ToArray(), Is.EqualTo(new[] { 20, 28, 28 }));
        ImageLimits.MaxStackBytes = 15_679;
        var e = Assert.Throws<ImageLoadException>(() => Images.LoadFolder(tmp, useCache: false));
        Assert.That(e!.Message, Does.Contain("15,680 bytes, over ImageLimits.MaxStackBytes = 15,679"));

        ImageLimits.ResetMaxStackBytes();
        Environment.SetEnvironmentVariable(ImageLimits.MaxStackBytesVariable, "15K");
        Assert.That(ImageLimits.MaxStackBytes, Is.EqualTo(15 << 10));
        Assert.Throws<ImageLoadException>(() => Images.LoadFolder(tmp, useCache: false));
        Environment.SetEnvironmentVariable(ImageLimits.MaxStackBytesVariable, "16000");
        Assert.That(Images.LoadFolder(tmp, useCache: false).Size(0), Is.EqualTo(20));
        Environment.SetEnvironmentVariable(ImageLimits.MaxStackBytesVariable, "lots");
        var bad = Assert.Throws<ArgumentException>(() => Images.LoadFolder(tmp, useCache: false));
        Assert.That(bad!.Message, Does.Contain($"{ImageLimits.MaxStackBytesVariable}='lots'"));
        Environment.SetEnvironmentVariable(ImageLimits.MaxStackBytesVariable, null);
        Assert.That(ImageLimits.MaxStackBytes, Is.EqualTo(1L << 30));
    }

    [Test]
    public void ACachedStackOverTheLimitIsNotServed()
    {
        WriteDigits(tmp, 20);
        var first = Images.LoadFolder(tmp);
        Assert.That(Images.LoadFolder(tmp).Equal(first), Is.True, "served from the cache");
        ImageLimits.MaxStackBytes = 1000;
        var e = Assert.Throws<ImageLoadException>(() => Images.LoadFolder(tmp));
        Assert.That(e!.Message, Does.Contain("over ImageLimits.MaxStackBytes = 1,000"));
    }
}
