// The IDX format of the original MNIST files (gzipped or not): big-endian header, then raw bytes; validated with clear errors.
using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.Win32.SafeHandles;

namespace Mnist.Scripting.Data;

/// <summary>Reads IDX files (yann.lecun.com/exdb/mnist): images as [N, 28, 28] uint8, labels as [N] int64.</summary>
public static class Idx
{
    /// <summary>Magic of an IDX image file: unsigned bytes, 3 dimensions.</summary>
    public const int ImagesMagic = 0x00000803;
    /// <summary>Magic of an IDX label file: unsigned bytes, 1 dimension.</summary>
    public const int LabelsMagic = 0x00000801;
    /// <summary>
    /// Largest element count accepted, guarding against a corrupt header asking for gigabytes: by default (and at most)
    /// 2,147,483,591, the longest array .NET allocates; lower it to refuse big files early.
    /// </summary>
    public static long MaxElements { get; set; } = Array.MaxLength;

    /// <summary>An image file (magic 0x803) as a uint8 tensor [N, rows, cols].</summary>
    public static Tensor ReadImages(string path) => Read(path, ImagesMagic);

    /// <summary>A label file (magic 0x801) as an int64 tensor [N].</summary>
    public static Tensor ReadLabels(string path) => Read(path, LabelsMagic).Long();

    /// <summary>Any unsigned-byte IDX file as a uint8 tensor with the dimensions of its header.</summary>
    public static Tensor Read(string path) => Read(path, null);

    static Tensor Read(string path, int? expected)
    {
        const string fetch = "Fetch it with FullMnist.Train() or Datasets.Download(Urls.Mnist...).";
        SafeFileHandle handle;
        try { handle = RegularFile.Open(path, "IDX", why => Bad(path, why)); }
        catch (FileNotFoundException e) { throw new FileNotFoundException($"{e.Message}. {fetch}", path); }
        using var file = new FileStream(handle, FileAccess.Read, 1 << 16);
        long length = file.Length;
        Span<byte> sig = stackalloc byte[2];
        int got = file.Read(sig);
        file.Position = 0;
        bool gzip = got == 2 && sig[0] == 0x1f && sig[1] == 0x8b;
        using Stream s = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        try { return Parse(path, s, expected, gzip ? null : length); }
        catch (EndOfStreamException) { throw Bad(path, "the file ends before the data its header announces (truncated?)"); }
        catch (InvalidDataException e) when (e.Message.StartsWith("IDX") is false) { throw Bad(path, $"gzip data is corrupt ({e.Message})"); }
    }

    static readonly Dictionary<byte, string> Types = new()
    {
        [0x08] = "unsigned byte", [0x09] = "signed byte", [0x0B] = "int16", [0x0C] = "int32", [0x0D] = "float32", [0x0E] = "float64",
    };

    /// <summary>Parses a header and its data; <paramref name="length"/> is the file's size when not compressed.</summary>
    static Tensor Parse(string path, Stream s, int? expected, long? length)
    {
        Span<byte> head = stackalloc byte[4];
        if (length < 4) throw Bad(path, $"the file has {length} bytes, fewer than the 4 of an IDX magic number");
        s.ReadExactly(head);
        int magic = BinaryPrimitives.ReadInt32BigEndian(head);
        if (head[0] != 0 || head[1] != 0)
            throw Bad(path, $"magic 0x{magic:X8} is not IDX (the first two bytes must be zero)");
        if (head[2] != 0x08)
            throw Bad(path, Types.TryGetValue(head[2], out var t)
                ? $"element type 0x{head[2]:X2} ({t}) is not supported (only 0x08, unsigned bytes, as in MNIST)"
                : $"element type 0x{head[2]:X2} is not an IDX type (0x08, 0x09, 0x0B to 0x0E); the file is corrupt or not IDX");
        if (expected is { } e && magic != e)
            throw Bad(path, $"magic 0x{magic:X8}, expected 0x{e:X8} ({(e == ImagesMagic ? "images" : "labels")}); are the image and label files swapped?");
        int rank = head[3];
        if (rank is < 1 or > 4) throw Bad(path, $"{rank} dimensions is not supported (1 to 4)");
        long headerBytes = 4 + 4L * rank;
        if (length < headerBytes) throw Bad(path, $"the file has {length} bytes, fewer than the {headerBytes} of a header with {rank} dimensions (truncated?)");
        var dims = new int[rank];
        long n = 1, max = Math.Min(MaxElements, Array.MaxLength);
        for (int i = 0; i < rank; i++)
        {
            s.ReadExactly(head);
            int d = BinaryPrimitives.ReadInt32BigEndian(head);
            if (d <= 0) throw Bad(path, $"dimension {i} is {(uint)d:N0}{(d < 0 ? $" (or {d} as signed)" : "")}; each must be 1 to 2,147,483,647");
            dims[i] = d;
            n *= d; // stays below 2^62: n was at most max < 2^31 before this step
            if (n > max)
                throw Bad(path, $"the header asks for more than {(max == MaxElements ? "Idx.MaxElements = " : "the ")}{max:N0} elements" +
                    $"{(max == MaxElements ? "" : " of the longest array .NET allocates")} (dimensions so far [{string.Join(", ", dims[..(i + 1)])}])");
        }
        var shape = $"[{string.Join(", ", dims)}]";
        // An uncompressed file's size is known: check it before allocating what the header asks for.
        if (length is { } len && len != headerBytes + n)
            throw Bad(path, len < headerBytes + n
                ? $"the header announces {shape} = {n:N0} bytes of data but the file holds {len - headerBytes:N0} (truncated?)"
                : $"extra bytes after the {n:N0} announced by the header {shape}: the file has {len - headerBytes - n:N0} more (trailing garbage?)");
        byte[] data;
        if (length is null) data = ReadGrowing(s, (int)n);
        else { data = new byte[n]; s.ReadExactly(data); }
        if (s.ReadByte() != -1) throw Bad(path, $"extra bytes after the {n:N0} announced by the header {shape} (trailing garbage?)");
        return Tensor.FromArray(data, dims);
    }

    // A gzip stream's length is unknown until read: grow the buffer with the data, so a small file claiming gigabytes
    // costs what it really holds (at most twice), not what its header claims.
    static byte[] ReadGrowing(Stream s, int n)
    {
        var data = new byte[Math.Min(n, 1 << 20)];
        int got = 0;
        while (true)
        {
            int r = s.Read(data, got, data.Length - got);
            if (r == 0) throw new EndOfStreamException();
            got += r;
            if (got == n) return data;
            if (got == data.Length) Array.Resize(ref data, (int)Math.Min(n, 2L * data.Length));
        }
    }

    static InvalidDataException Bad(string path, string why) => new($"IDX '{path}': {why}.");
}
