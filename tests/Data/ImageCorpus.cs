// Crafted broken image files, generated here (no binary fixtures): truncations, bit flips, bad CRCs, huge headers, wrong formats.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Mnist.Scripting.Data;
using SkiaSharp;

namespace Mnist.Scripting.Tests.Data;

/// <summary>Each case is a file that must be refused with an <see cref="ImageLoadException"/> whose reason contains <see cref="Reason"/>.</summary>
public static class ImageCorpus
{
    /// <summary>One crafted file: its name in the test folder, its bytes, the expected reason, and a good file of the same kind.</summary>
    public sealed record Case(string Name, string FileName, byte[] Bytes, string Reason, byte[] Good)
    {
        public override string ToString() => Name;
    }

    /// <summary>A 28x28 gray PNG drawn like a handwritten digit with noise, so its IDAT is MNIST-sized (a few hundred bytes).</summary>
    public static readonly byte[] GoodPng = Encode(Digit(), SKEncodedImageFormat.Png);
    /// <summary>A 16x16 colour JPEG.</summary>
    public static readonly byte[] GoodJpeg = Encode(Colour(16, 16), SKEncodedImageFormat.Jpeg);

    /// <summary>A 4x3 colour WebP.</summary>
    public static readonly byte[] GoodWebP = Encode(Colour(4, 3), SKEncodedImageFormat.Webp);
    /// <summary>A 2x2 24-bit BMP of (10, 20, 30), written by hand: SkiaSharp encodes no BMP.</summary>
    public static readonly byte[] GoodBmp =
    [
        .. "BM"u8, 70, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 24, 0,
        0, 0, 0, 0, 16, 0, 0, 0, .. new byte[16], 30, 20, 10, 30, 20, 10, 0, 0, 30, 20, 10, 30, 20, 10, 0, 0,
    ];
    /// <summary>A 1x1 GIF (white, black palette), written by hand: SkiaSharp encodes no GIF.</summary>
    public static readonly byte[] GoodGif =
        [.. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3B];

    public static IEnumerable<Case> All() =>
        Truncations().Concat(BitFlips()).Concat(BadCrcs()).Concat(CraftedPngs()).Concat(WrongFormats());

    static IEnumerable<Case> Truncations()
    {
        var png = GoodPng;
        var lengths = Enumerable.Range(1, png.Length - 1).Where(n => n < 16 || n % 5 == 0 || n > png.Length - 14).Distinct();
        foreach (var n in lengths)
            yield return new($"png cut to {n} of {png.Length} bytes", "bad.png", png[..n], n < 8 ? "which is not a PNG" : "truncated", png);
        var jpg = GoodJpeg;
        foreach (var n in new[] { 1, 2, 3, 4, 10, 20, 50, 100, 150, 200, 250, jpg.Length - 40, jpg.Length - 10, jpg.Length - 2, jpg.Length - 1 })
            yield return new($"jpeg cut to {n} of {jpg.Length} bytes", "bad.jpg", jpg[..n], n < 3 ? "which is not a PNG" : "truncated", jpg);
    }

    // PNG has a CRC over every chunk, so any single flipped bit must be caught; JPEG has no checksum and is not tried.
    static IEnumerable<Case> BitFlips()
    {
        var png = GoodPng;
        for (int pos = 0; pos < png.Length; pos += Math.Max(1, png.Length / 100))
        {
            var b = (byte[])png.Clone();
            int bit = pos * 5 % 8;
            b[pos] ^= (byte)(1 << bit);
            yield return new($"png bit {bit} of byte {pos} flipped", "bad.png", b, "PNG", png);
        }
    }

    static IEnumerable<Case> BadCrcs()
    {
        foreach (var (name, src) in new[] { ("gray", GoodPng), ("rgb", Encode(Colour(5, 3), SKEncodedImageFormat.Png)), ("text", WithText(GoodPng)) })
            foreach (var (type, at, length) in Chunks(src))
            {
                var b = (byte[])src.Clone();
                b[at + 8 + length + 3] ^= 0x01;
                yield return new($"{name} png with a bad {type} CRC", "bad.png", b, $"chunk '{type}' at byte {at} fails its CRC check", src);
            }
    }

    static IEnumerable<Case> CraftedPngs()
    {
        var rows = Zlib(new byte[29 * 28]);
        yield return new("png of 100000x100000 pixels", "bad.png", Png(100_000, 100_000, 0, rows), "MaxPixels", GoodPng);
        yield return new("png of 1x100000001 pixels", "bad.png", Png(1, 100_000_001, 0, rows), "MaxPixels", GoodPng);
        yield return new("png of 20000x20000 rgba pixels", "bad.png", Png(20_000, 20_000, 6, rows), "MaxPixels", GoodPng);
        yield return new("png of 0x0 pixels", "bad.png", Png(0, 0, 0, rows), "IHDR declares 0x0 pixels", GoodPng);
        yield return new("png of 2^31x1 pixels", "bad.png", Png(int.MinValue, 1, 0, rows), "IHDR declares 2147483648x1 pixels", GoodPng);
        yield return new("png of 28x0 pixels", "bad.png", Png(28, 0, 0, rows), "IHDR declares 28x0 pixels", GoodPng);
        yield return new("png with bit depth 7", "bad.png", Png(28, 28, 0, rows, bitDepth: 7), "header is incomplete or corrupt", GoodPng);
        yield return new("png whose IDAT is garbage", "bad.png", Png(28, 28, 0, [1, 2, 3, 4, 5, 6, 7, 8]), "the image data is truncated or corrupt", GoodPng);
        yield return new("png whose IDAT holds half the rows", "bad.png", Png(28, 28, 0, Zlib(new byte[29 * 14])), "truncated or corrupt", GoodPng);
        yield return new("png without IDAT", "bad.png", Png(28, 28, 0, null), "header is incomplete or corrupt", GoodPng);
        yield return new("png without IEND", "bad.png", GoodPng[..^12], "without an IEND chunk", GoodPng);
        yield return new("png with a byte after IEND", "bad.png", [.. GoodPng, 0], "1 bytes follow the IEND chunk", GoodPng);
        yield return new("png with text after IEND", "bad.png", [.. GoodPng, .. "trailing text\n"u8], "follow the IEND chunk", GoodPng);
        yield return new("two pngs joined", "bad.png", [.. GoodPng, .. GoodPng], "two files joined", GoodPng);
        yield return new("png whose first chunk is not IHDR", "bad.png", [.. GoodPng[..8], .. Chunk("tEXt", "a\0b"u8.ToArray()), .. GoodPng[8..]], "not the 13-byte IHDR", GoodPng);
        yield return new("png with a chunk length of 2^31", "bad.png", SetLength(GoodPng, 33, 0x80000000), "corrupt length field", GoodPng);
        yield return new("png with a chunk type of digits", "bad.png", [.. GoodPng[..^12], .. Chunk("1234", []), .. GoodPng[^12..]], "not four letters", GoodPng);
        yield return new("png signature alone", "bad.png", GoodPng[..8], "without an IEND chunk", GoodPng);
    }

    static IEnumerable<Case> WrongFormats()
    {
        const string notAccepted = "which is not a PNG, JPEG, BMP, GIF or WebP image";
        var formats = new (string Name, byte[] Bytes, string Reason)[]
        {
            ("an idx image file", [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 3, .. new byte[24]], "an IDX file"),
            ("an idx label file", [0, 0, 8, 1, 0, 0, 0, 3, 7, 3, 9], "an IDX file"),
            ("an idx float file", [0, 0, 0x0D, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0], "an IDX file"),
            ("a gzipped idx file", Gzip([0, 0, 8, 1, 0, 0, 0, 1, 5]), "gzip data"),
            ("a wbmp", [0, 0, 8, 3, .. Enumerable.Repeat((byte)0xAA, 3)], notAccepted),
            ("a wbmp of 16x16", [0, 0, 16, 16, .. Enumerable.Repeat((byte)0x55, 32)], "maybe a WBMP"),
            ("an ico", [0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, .. new byte[40]], "an ICO or CUR icon"),
            ("a cur", [0, 0, 2, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, .. new byte[40]], "an ICO or CUR icon"),
            ("a little-endian tiff", [.. "II*\0"u8, 8, 0, 0, 0, .. new byte[20]], "a TIFF image"),
            ("a big-endian tiff", [.. "MM\0*"u8, 0, 0, 0, 8, .. new byte[20]], "a TIFF image"),
            ("a zip", [.. "PK\u0003\u0004"u8, .. new byte[26]], "a zip archive"),
            ("a pdf", "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n"u8.ToArray(), "a PDF document"),
            ("an avif", [0, 0, 0, 0x1C, .. "ftypavif"u8, .. new byte[16]], "an HEIF/AVIF/MP4 file"),
            ("an elf binary", [0x7F, .. "ELF"u8, 2, 1, 1, 0, .. new byte[8]], notAccepted),
            ("a text file", "hello, not an image"u8.ToArray(), "text: \"hello, not an image\""),
            ("an html page", "<!DOCTYPE html><html><body>404 Not Found</body></html>"u8.ToArray(), "text: \"<!DOCTYPE html>"),
            ("a csv", "name,label\n3/7463.png,3\n"u8.ToArray(), "text: \"name,label"),
            ("a single zero byte", [0], notAccepted),
            ("a single 0x89 byte", [0x89], notAccepted),
            ("a png signature missing its last byte", GoodPng[..7], "a PNG whose signature is damaged"),
            ("a png without its signature", GoodPng[8..], notAccepted),
            ("a png with a lower-case signature", [0x89, .. "png"u8, .. GoodPng[4..]], notAccepted),
            ("bm and 5 bytes", [.. "BM"u8, 1, 2, 3, 4, 5], notAccepted),
            ("a bmp header with no pixels", [.. "BM"u8, 14, 0, 0, 0, 0, 0, 0, 0, 14, 0, 0, 0], "header is incomplete or corrupt"),
            ("a gif header alone", "GIF89a"u8.ToArray(), "header is incomplete or corrupt"),
            ("a webp header alone", [.. "RIFF"u8, 4, 0, 0, 0, .. "WEBP"u8], "not a recognised image (Unimplemented"),
            ("random bytes", Random(64), notAccepted),
        };
        foreach (var (name, bytes, reason) in formats) yield return new($"{name} named .png", "bad.png", bytes, reason, GoodPng);
        yield return new("an empty file", "bad.png", [], "the file is empty", GoodPng);
        yield return new("a png named .jpg with a jpeg's name but idx bytes", "bad.jpg", [0, 0, 8, 1, 0, 0, 0, 1, 5], "an IDX file", GoodJpeg);
    }

    /// <summary>A valid PNG of <paramref name="width"/> x <paramref name="height"/> zeros whose pixels take <c>width·height</c> bytes.</summary>
    public static byte[] Bomb(int width, int height)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[width + 1]; // filter byte 0, then the row
            for (int y = 0; y < height; y++) z.Write(row);
        }
        return Png(width, height, 0, ms.ToArray());
    }

    /// <summary>The chunks of a PNG: type, offset of the length field, data length.</summary>
    public static IEnumerable<(string Type, int At, int Length)> Chunks(byte[] png)
    {
        for (int p = 8; p + 12 <= png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(p));
            yield return (Encoding.ASCII.GetString(png, p + 4, 4), p, length);
            p += 12 + length;
        }
    }

    static byte[] Png(int width, int height, byte colourType, byte[]? idat, byte bitDepth = 8)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = bitDepth; ihdr[9] = colourType;
        return [.. GoodPng[..8], .. Chunk("IHDR", ihdr), .. idat is null ? [] : Chunk("IDAT", idat), .. Chunk("IEND", [])];
    }

    static byte[] Chunk(string type, byte[] data)
    {
        var c = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(c, data.Length);
        Encoding.ASCII.GetBytes(type, c.AsSpan(4));
        data.CopyTo(c, 8);
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(8 + data.Length), PngCheck.Crc32(c.AsSpan(4, 4 + data.Length)));
        return c;
    }

    static byte[] WithText(byte[] png) => [.. png[..33], .. Chunk("tEXt", "Comment\0made in the tests"u8.ToArray()), .. png[33..]];

    static byte[] SetLength(byte[] png, int at, uint length)
    {
        var b = (byte[])png.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at), length);
        return b;
    }

    static byte[] Zlib(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
        return ms.ToArray();
    }

    static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
        return ms.ToArray();
    }

    static byte[] Random(int n)
    {
        var b = new byte[n];
        new Random(7).NextBytes(b);
        b[0] = 0x42; // not the first byte of any accepted format
        return b;
    }

    static SKBitmap Digit()
    {
        var bmp = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque));
        var rng = new Random(3);
        for (int y = 0; y < 28; y++)
            for (int x = 0; x < 28; x++)
            {
                double r = Math.Sqrt((x - 14) * (x - 14) + (y - 12) * (y - 12) * 0.6);
                int v = Math.Abs(r - 8) < 2.5 ? 255 - rng.Next(60) : Math.Abs(r - 8) < 3.5 ? rng.Next(200) : 0;
                bmp.SetPixel(x, y, new SKColor((byte)v, (byte)v, (byte)v));
            }
        return bmp;
    }

    static SKBitmap Colour(int w, int h)
    {
        var bmp = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) bmp.SetPixel(x, y, new SKColor((byte)(x * 16), (byte)(y * 16), (byte)(x * y)));
        return bmp;
    }

    static byte[] Encode(SKBitmap bmp, SKEncodedImageFormat format)
    {
        using (bmp)
        using (var ms = new MemoryStream())
        {
            bmp.Encode(ms, format, 90);
            return ms.ToArray();
        }
    }
}
