// Tensor.Load and Images.LoadFolder: the book's pixel check, stacking, the folder cache, and hostile or broken files.
using Mnist.Scripting.Data;
using SkiaSharp;

namespace Mnist.Scripting.Tests.Data;

public class ImageTests
{
    static DataPath P => DataTestEnv.Sample;
    string tmp = "";

    [SetUp] public void MakeTemp() => tmp = Directory.CreateTempSubdirectory("mnist-img-").FullName;
    [TearDown] public void RemoveTemp() => Directory.Delete(tmp, recursive: true);

    [Test]
    public void BooksPixelSliceOfThrees1()
    {
        var threes = (P / "train" / "3").Ls().Sorted();
        var im3 = Tensor.Load(threes[1]);
        Assert.That(im3.DType, Is.EqualTo(DType.UInt8));
        Assert.That(im3.Shape.ToArray(), Is.EqualTo(new[] { 28, 28 }));
        var expected = new long[,] { { 0, 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0, 29 }, { 0, 0, 0, 48, 166, 224 },
            { 0, 93, 244, 249, 253, 187 }, { 0, 107, 253, 253, 230, 48 }, { 0, 3, 20, 20, 15, 0 } };
        Assert.That(im3[4..10, 4..10].Long().Equal(Tensor.Of(expected)), Is.True, im3[4..10, 4..10].ToString());
    }

    [Test]
    public void LoadFolderEqualsOneByOneLoadsInSortedOrder()
    {
        var folder = P / "valid" / "3";
        var stacked = Images.LoadFolder(folder, useCache: false);
        Assert.That(stacked.Shape.ToArray(), Is.EqualTo(new[] { 1010, 28, 28 }));
        var files = folder.Ls().Sorted();
        foreach (int i in new[] { 0, 1, 500, 1009 })
            Assert.That(stacked[i].Equal(Tensor.Load(files[i])), Is.True, $"image {i} ({files[i].Name})");
    }

    [Test]
    public void CacheIsReusedAndInvalidatedWhenTheFolderChanges()
    {
        var src = (P / "valid" / "7").Ls().Sorted();
        foreach (var f in src.Take(20)) File.Copy(f, Path.Combine(tmp, f.Name));
        var cacheDir = ImageCache.Folder;
        var first = Images.LoadFolder(tmp);
        var entries = Directory.GetFiles(cacheDir, "*.u8").Where(e => Path.GetFileName(e).StartsWith(Path.GetFileName(tmp) + "-")).ToArray();
        Assert.That(entries, Has.Length.EqualTo(1), "one cache entry written");
        Assert.That(Images.LoadFolder(tmp).Equal(first), Is.True);

        // A cache hit must come from the entry: scribble on its pixel bytes and watch the result change.
        var bytes = File.ReadAllBytes(entries[0]);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(entries[0], bytes);
        Assert.That(Images.LoadFolder(tmp).Equal(first), Is.False, "second load is served from the cache");

        // Adding a file changes the fingerprint: the folder is decoded again.
        File.Copy(src[20], Path.Combine(tmp, src[20].Name));
        var again = Images.LoadFolder(tmp);
        Assert.That(again.Size(0), Is.EqualTo(21));
        Assert.That(again.Equal(Images.LoadFolder(tmp, useCache: false)), Is.True);
    }

    [Test]
    public void ColourImagesGiveHwcOrGray()
    {
        var file = Path.Combine(tmp, "rgb.png");
        using (var bmp = new SKBitmap(new SKImageInfo(3, 2, SKColorType.Rgba8888, SKAlphaType.Unpremul)))
        {
            bmp.SetPixel(0, 0, new SKColor(255, 0, 0)); bmp.SetPixel(1, 0, new SKColor(0, 255, 0)); bmp.SetPixel(2, 0, new SKColor(0, 0, 255));
            bmp.SetPixel(0, 1, new SKColor(10, 20, 30)); bmp.SetPixel(1, 1, new SKColor(255, 255, 255)); bmp.SetPixel(2, 1, new SKColor(0, 0, 0));
            using var fs = File.Create(file);
            bmp.Encode(fs, SKEncodedImageFormat.Png, 100);
        }
        var rgb = Tensor.Load(file);
        Assert.That(rgb.Shape.ToArray(), Is.EqualTo(new[] { 2, 3, 3 }));
        Assert.That(rgb[0, 0].ToArray<byte>(), Is.EqualTo(new byte[] { 255, 0, 0 }));
        Assert.That(rgb[1, 0].ToArray<byte>(), Is.EqualTo(new byte[] { 10, 20, 30 }));
        var gray = Tensor.Load(file, ImageMode.Gray);
        Assert.That(gray.Shape.ToArray(), Is.EqualTo(new[] { 2, 3 }));
        // PIL's convert('L') gives 76, 150, 29 for pure red, green, blue.
        Assert.That(gray[0].ToArray<byte>(), Is.EqualTo(new byte[] { 76, 150, 29 }));
        Assert.That(gray[1].ToArray<byte>(), Is.EqualTo(new byte[] { 18, 255, 0 }));
        var asRgb = Tensor.Load((P / "train" / "3").Ls().Sorted()[1], ImageMode.Rgb);
        Assert.That(asRgb.Shape.ToArray(), Is.EqualTo(new[] { 28, 28, 3 }));
        Assert.That(asRgb[8, 5].ToArray<byte>(), Is.EqualTo(new byte[] { 107, 107, 107 }));
    }

    // Built inside the test: a TestCaseSource would run before the setup fixture points the cache at a temp folder.
    static byte[] Broken(string kind)
    {
        var png = File.ReadAllBytes((DataTestEnv.Sample / "train" / "3").Ls().Sorted()[1]);
        switch (kind)
        {
            case "empty": return [];
            case "text": return "hello, not an image"u8.ToArray();
            case "truncated": return png[..(png.Length / 2)];
            default:
                for (int i = 60; i < png.Length - 20; i++) png[i] ^= 0x5A;
                return png;
        }
    }

    [TestCase("empty", "empty")]
    [TestCase("text", "which is not a PNG, JPEG, BMP, GIF or WebP image")]
    [TestCase("truncated", "truncated")]
    [TestCase("corrupt", "fails its CRC check")]
    public void BrokenFilesRaiseAnErrorNamingTheFile(string kind, string reason)
    {
        var file = Path.Combine(tmp, "bad.png");
        File.WriteAllBytes(file, Broken(kind));
        var e = Assert.Throws<ImageLoadException>(() => Tensor.Load(file));
        Assert.That(e!.Message, Does.Contain(file).And.Contain(reason));
        File.Copy((P / "train" / "3").Ls().Sorted()[0], Path.Combine(tmp, "a.png"));
        var e2 = Assert.Throws<ImageLoadException>(() => Images.LoadFolder(tmp, useCache: false), "a folder with a bad file fails too");
        Assert.That(e2!.File, Is.EqualTo(file));
    }

    [Test]
    public void OversizedImagesAreRejectedBeforeDecoding()
    {
        var file = (P / "train" / "3").Ls().Sorted()[1];
        var old = ImageLimits.MaxPixels;
        try
        {
            ImageLimits.MaxPixels = 28 * 28 - 1;
            var e = Assert.Throws<ImageLoadException>(() => Tensor.Load(file));
            Assert.That(e!.Message, Does.Contain("28x28").And.Contain("MaxPixels"));
        }
        finally { ImageLimits.MaxPixels = old; }
        // A PNG header claiming 100000 x 100000 pixels is refused by the default limit, without allocating 10 GB.
        var huge = File.ReadAllBytes(file);
        huge[16] = 0; huge[17] = 1; huge[18] = 0x86; huge[19] = 0xA0; huge[20] = 0; huge[21] = 1; huge[22] = 0x86; huge[23] = 0xA0;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(huge.AsSpan(29), PngCheck.Crc32(huge.AsSpan(12, 17)));
        var path = Path.Combine(tmp, "huge.png");
        File.WriteAllBytes(path, huge);
        var e2 = Assert.Throws<ImageLoadException>(() => Tensor.Load(path));
        Assert.That(e2!.Message, Does.Contain(path).And.Contain("100000x100000 pixels is over ImageLimits.MaxPixels"));
    }

    [Test]
    public void MixedSizesCannotBeStacked()
    {
        File.Copy((P / "train" / "3").Ls().Sorted()[0], Path.Combine(tmp, "a.png"));
        using (var bmp = new SKBitmap(new SKImageInfo(5, 5, SKColorType.Gray8)))
        using (var fs = File.Create(Path.Combine(tmp, "b.png"))) bmp.Encode(fs, SKEncodedImageFormat.Png, 100);
        var e = Assert.Throws<ImageLoadException>(() => Images.LoadFolder(tmp, useCache: false));
        Assert.That(e!.Message, Does.Contain("b.png").And.Contain("5x5"));
    }
}
