// The IDX format of the original MNIST files (gzipped or not): big-endian header, then raw bytes; validated with clear errors.
using System.Buffers.Binary;
using System.IO.Compression;

namespace Mnist.Scripting.Data;

/// <summary>Reads IDX files (yann.lecun.com/exdb/mnist): images as [N, 28, 28] uint8, labels as [N] int64.</summary>
public static class Idx
{
    /// <summary>Magic of an IDX image file: unsigned bytes, 3 dimensions.</summary>
    public const int ImagesMagic = 0x00000803;
    /// <summary>Magic of an IDX label file: unsigned bytes, 1 dimension.</summary>
    public const int LabelsMagic = 0x00000801;
    /// <summary>Largest element count accepted, guarding against a corrupt header asking for gigabytes.</summary>
    public static long MaxElements { get; set; } = 1L << 31;

    /// <summary>An image file (magic 0x803) as a uint8 tensor [N, rows, cols].</summary>
    public static Tensor ReadImages(string path) => Read(path, ImagesMagic);

    /// <summary>A label file (magic 0x801) as an int64 tensor [N].</summary>
    public static Tensor ReadLabels(string path) => Read(path, LabelsMagic).Long();

    /// <summary>Any unsigned-byte IDX file as a uint8 tensor with the dimensions of its header.</summary>
    public static Tensor Read(string path) => Read(path, null);

    static Tensor Read(string path, int? expected)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX: no such file '{path}'. Fetch it with FullMnist.Train() or Datasets.Download(Urls.Mnist...).", path);
        using var file = File.OpenRead(path);
        Span<byte> sig = stackalloc byte[2];
        int got = file.Read(sig);
        file.Position = 0;
        using Stream s = got == 2 && sig[0] == 0x1f && sig[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
        try { return Parse(path, s, expected); }
        catch (EndOfStreamException) { throw Bad(path, "the file ends before the data its header announces (truncated?)"); }
        catch (InvalidDataException e) when (e.Message.StartsWith("IDX") is false) { throw Bad(path, $"gzip data is corrupt ({e.Message})"); }
    }

    static Tensor Parse(string path, Stream s, int? expected)
    {
        Span<byte> head = stackalloc byte[4];
        s.ReadExactly(head);
        int magic = BinaryPrimitives.ReadInt32BigEndian(head);
        if (head[0] != 0 || head[1] != 0)
            throw Bad(path, $"magic 0x{magic:X8} is not IDX (the first two bytes must be zero)");
        if (head[2] != 0x08)
            throw Bad(path, $"element type 0x{head[2]:X2} is not supported (only 0x08, unsigned bytes, as in MNIST)");
        if (expected is { } e && magic != e)
            throw Bad(path, $"magic 0x{magic:X8}, expected 0x{e:X8} ({(e == ImagesMagic ? "images" : "labels")}); are the image and label files swapped?");
        int rank = head[3];
        if (rank is < 1 or > 4) throw Bad(path, $"{rank} dimensions is not supported (1 to 4)");
        var dims = new int[rank];
        long n = 1;
        for (int i = 0; i < rank; i++)
        {
            s.ReadExactly(head);
            int d = BinaryPrimitives.ReadInt32BigEndian(head);
            if (d <= 0) throw Bad(path, $"dimension {i} is {d}");
            dims[i] = d;
            n *= d;
            if (n > MaxElements) throw Bad(path, $"header asks for more than Idx.MaxElements = {MaxElements:N0} elements");
        }
        var data = new byte[n];
        s.ReadExactly(data);
        if (s.ReadByte() != -1) throw Bad(path, $"extra bytes after the {n:N0} announced by the header [{string.Join(", ", dims)}]");
        return Tensor.FromArray(data, dims);
    }

    static InvalidDataException Bad(string path, string why) => new($"IDX '{path}': {why}.");
}
