// The image formats we decode, recognised by their first bytes, and a description of what a refused file looks like instead.
using System.Text;

namespace Mnist.Scripting.Data;

internal static class ImageFormat
{
    internal enum Kind { Png, Jpeg, Bmp, Gif, WebP }

    /// <summary>The accepted formats, for error messages.</summary>
    internal const string Accepted = "PNG, JPEG, BMP, GIF or WebP";

    static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// The format of the file's bytes, or an <see cref="ImageLoadException"/>. SkiaSharp would also decode WBMP,
    /// whose header is just two zero bytes and two sizes, so an IDX file or any zero-led data would "decode" to a wrong image.
    /// </summary>
    internal static Kind Sniff(string file, ReadOnlySpan<byte> b)
    {
        if (b.StartsWith(PngSignature)) return Kind.Png;
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return Kind.Jpeg;
        if (b.StartsWith("GIF87a"u8) || b.StartsWith("GIF89a"u8)) return Kind.Gif;
        if (b.Length >= 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8)) return Kind.WebP;
        // A BMP file header is "BM", the file size, 4 reserved bytes, then the pixel offset.
        if (b.Length >= 14 && b.StartsWith("BM"u8)) return Kind.Bmp;
        var head = Convert.ToHexString(b[..Math.Min(8, b.Length)]);
        var hex = string.Join(' ', Enumerable.Range(0, head.Length / 2).Select(i => head.Substring(2 * i, 2)));
        var like = LooksLike(b);
        throw new ImageLoadException(file, $"it starts with {hex}{(like is null ? "" : $" ({like})")}, which is not a {Accepted} image");
    }

    static string? LooksLike(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 4 && b[0] == 0 && b[1] == 0 && b[2] is 0x08 or 0x09 or 0x0B or 0x0C or 0x0D or 0x0E && b[3] is >= 1 and <= 4)
            return "an IDX file: read it with Idx.Read";
        if (b.StartsWith(PngSignature[..4])) return "a PNG whose signature is damaged";
        if (b.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B])) return "gzip data: decompress it first";
        if (b.StartsWith("II*\0"u8) || b.StartsWith("MM\0*"u8)) return "a TIFF image";
        if (b.StartsWith((ReadOnlySpan<byte>)[0, 0, 1, 0]) || b.StartsWith((ReadOnlySpan<byte>)[0, 0, 2, 0])) return "an ICO or CUR icon";
        if (b.StartsWith("PK\u0003\u0004"u8)) return "a zip archive";
        if (b.StartsWith("%PDF"u8)) return "a PDF document";
        if (b.Length >= 12 && b[4..8].SequenceEqual("ftyp"u8)) return "an HEIF/AVIF/MP4 file";
        if (b.Length >= 2 && b[0] == 0 && b[1] == 0) return "maybe a WBMP, which is not accepted";
        var text = b[..Math.Min(40, b.Length)];
        foreach (var c in text) if (c < 0x09 || c is > 0x0D and < 0x20 || c == 0x7F) return null;
        var s = Encoding.UTF8.GetString(text).ReplaceLineEndings(" ");
        return $"text: \"{s}{(b.Length > text.Length ? "..." : "")}\"";
    }
}
