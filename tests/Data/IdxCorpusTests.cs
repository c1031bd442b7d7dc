// Crafted corrupt IDX files, generated here: each refused with an InvalidDataException naming the file, before any big allocation.
using System.Buffers.Binary;
using System.IO.Compression;
using Mnist.Scripting.Data;

namespace Mnist.Scripting.Tests.Data;

public class IdxCorpusTests
{
    /// <summary>
    /// One crafted file: its bytes (gzipped when <see cref="Gzip"/>, the gzip then cut to <see cref="CutGzip"/> bytes when above 0),
    /// the expected reason, and whether it is read as images (magic checked) or as any IDX file.
    /// </summary>
    public sealed record Case(string Name, byte[] Bytes, string Reason, bool Gzip = false, int CutGzip = 0, bool AsImages = false)
    {
        public override string ToString() => Name;
    }

    static byte[] Header(byte type, params int[] dims)
    {
        var h = new byte[4 + 4 * dims.Length];
        h[2] = type; h[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(h.AsSpan(4 + 4 * i), dims[i]);
        return h;
    }

    static readonly byte[] Images = [.. Header(8, 2, 2, 3), .. Enumerable.Range(1, 12).Select(i => (byte)i)];
    static readonly byte[] Labels = [.. Header(8, 5), 3, 7, 3, 7, 7];

    public static IEnumerable<Case> All()
    {
        for (int n = 0; n < Images.Length; n++)
            yield return new($"images cut to {n} of {Images.Length} bytes", Images[..n], n < 4 ? "fewer than the 4 of an IDX magic" : n < 16 ? "fewer than the 16 of a header" : "truncated");
        for (int n = 0; n < Labels.Length; n++)
            yield return new($"labels cut to {n} of {Labels.Length} bytes", Labels[..n], n < 4 ? "fewer than the 4 of an IDX magic" : n < 8 ? "fewer than the 8 of a header" : "truncated");
        // Cut before the 8-byte gzip trailer: a file missing only its trailer still holds all the data, and GZipStream reads it.
        foreach (int n in new[] { 2, 5, 10, 15, 20, 25, 30 })
            yield return new($"gzip of images cut to {n} bytes", Images, "the file ends before the data its header announces (truncated?)", Gzip: true, CutGzip: n);
        foreach (var extra in new[] { 1, 7, 1000 })
        {
            yield return new($"images with {extra} trailing bytes", [.. Images, .. new byte[extra]], $"the file has {extra:N0} more (trailing garbage?)");
            yield return new($"gzip of images with {extra} trailing bytes", [.. Images, .. new byte[extra]], "trailing garbage", Gzip: true);
        }
        foreach (byte type in new byte[] { 0x00, 0x01, 0x07, 0x0A, 0x0F, 0x80, 0xFF })
            yield return new($"element type 0x{type:X2}", [.. Header(type, 2, 2, 3), .. new byte[12]], $"element type 0x{type:X2} is not an IDX type");
        foreach (var (type, name) in new (int, string)[] { (0x09, "signed byte"), (0x0B, "int16"), (0x0C, "int32"), (0x0D, "float32"), (0x0E, "float64") })
            yield return new($"element type {name}", [.. Header((byte)type, 2, 2, 3), .. new byte[12]], $"0x{type:X2} ({name}) is not supported");
        foreach (var magic in new uint[] { 0x01000803, 0x00010803, 0x89504E47, 0x03080000, 0x7F454C46 })
        {
            var b = (byte[])Images.Clone();
            BinaryPrimitives.WriteUInt32BigEndian(b, magic);
            yield return new($"magic 0x{magic:X8}", b, "is not IDX (the first two bytes must be zero)");
        }
        foreach (int rank in new[] { 0, 5, 6, 255 })
            yield return new($"{rank} dimensions", [0, 0, 8, (byte)rank, .. new byte[40]], $"{rank} dimensions is not supported");
        yield return new("labels where images are expected", Labels, "are the image and label files swapped?", AsImages: true);
        yield return new("2-d data where images are expected", [.. Header(8, 2, 2), 0, 0, 0, 0], "expected 0x00000803 (images)", AsImages: true);
        yield return new("a dimension of zero", Header(8, 0, 28, 28), "dimension 0 is 0;");
        yield return new("a dimension of -1", Header(8, 1, -1, 28), "dimension 1 is 4,294,967,295 (or -1 as signed)");
        yield return new("a dimension of 2^31", Header(8, 1, 1, int.MinValue), "dimension 2 is 2,147,483,648");
        yield return new("1024^3 elements in a 16-byte file", Header(8, 1024, 1024, 1024), "= 1,073,741,824 bytes of data but the file holds 0");
        yield return new("1024^3 elements gzipped", [.. Header(8, 1024, 1024, 1024), 1, 2, 3], "truncated", Gzip: true);
        yield return new("2^31 elements", Header(8, 65536, 32768, 1), "more than Idx.MaxElements = 2,147,483,591 elements (dimensions so far [65536, 32768])");
        yield return new("2^62 elements", Header(8, int.MaxValue, int.MaxValue, int.MaxValue), "more than Idx.MaxElements");
        yield return new("60000x28x28 images with one image", [.. Header(8, 60000, 28, 28), .. new byte[784]], "= 47,040,000 bytes of data but the file holds 784");
        yield return new("a png", ImageCorpus.GoodPng, "is not IDX");
        yield return new("a text file", "0 0 8 3\n"u8.ToArray(), "is not IDX");
        yield return new("a corrupt gzip stream", [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], "gzip data is corrupt");
    }

    static IEnumerable<TestCaseData> Cases() => All().Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));

    string tmp = "";
    [SetUp] public void MakeTemp() => tmp = Directory.CreateTempSubdirectory("mnist-idxc-").FullName;
    [TearDown] public void RemoveTemp() => Directory.Delete(tmp, recursive: true);

    [Test]
    public void TheCorpusIsBigAndItsSourcesRead()
    {
        Assert.That(All().Count(), Is.GreaterThanOrEqualTo(60));
        Assert.That(All().Select(c => c.Name).Distinct().Count(), Is.EqualTo(All().Count()), "names are unique");
        File.WriteAllBytes(Path.Combine(tmp, "i"), Images);
        File.WriteAllBytes(Path.Combine(tmp, "l"), Labels);
        Assert.That(Idx.ReadImages(Path.Combine(tmp, "i")).Shape.ToArray(), Is.EqualTo(new[] { 2, 2, 3 }));
        Assert.That(Idx.ReadLabels(Path.Combine(tmp, "l")).ToArray<long>(), Is.EqualTo(new long[] { 3, 7, 3, 7, 7 }));
    }

    [TestCaseSource(nameof(Cases))]
    public void IsRefusedNamingTheFile(Case c)
    {
        var path = Path.Combine(tmp, c.Gzip ? "images.gz" : "images");
        if (!c.Gzip) File.WriteAllBytes(path, c.Bytes);
        else
        {
            using (var fs = File.Create(path))
            using (var gz = new GZipStream(fs, CompressionLevel.Fastest)) gz.Write(c.Bytes);
            if (c.CutGzip > 0) File.WriteAllBytes(path, File.ReadAllBytes(path)[..c.CutGzip]);
        }
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<InvalidDataException>(() => _ = c.AsImages ? Idx.ReadImages(path) : Idx.Read(path));
        Assert.That(GC.GetTotalAllocatedBytes(precise: true) - before, Is.LessThan(4 << 20), "refused before allocating what the header asks");
        Assert.That(e!.Message, Does.StartWith($"IDX '{path}': ").And.Contain(c.Reason));
    }
}
