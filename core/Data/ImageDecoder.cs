// PNG/JPEG/BMP/GIF/WebP decoding with SkiaSharp into bytes: gray images straight to Gray8, colour to RGB, with size limits and clear errors.
using SkiaSharp;

namespace Mnist.Scripting.Data;

/// <summary>Limits applied to every decoded image and stacked folder, so a hostile file cannot exhaust memory.</summary>
public static class ImageLimits
{
    /// <summary>The environment variable that sets <see cref="MaxStackBytes"/> (bytes, or with a K, M or G suffix).</summary>
    public const string MaxStackBytesVariable = "MNIST_SCRIPTING_MAX_STACK_BYTES";

    /// <summary>Largest width × height accepted (default 100 megapixels). Raise it for big photos.</summary>
    public static long MaxPixels { get; set; } = 100_000_000;
    /// <summary>Largest file accepted, in bytes (default 256 MiB).</summary>
    public static long MaxFileBytes { get; set; } = 256L << 20;
    /// <summary>
    /// Largest stacked tensor <see cref="Images.LoadFolder"/> and <see cref="Images.LoadStacked(IReadOnlyList{string}, ImageMode)"/>
    /// build, in bytes (default 1 GiB, or MNIST_SCRIPTING_MAX_STACK_BYTES; one tensor holds at most about 2 GiB). MNIST's
    /// 60,000 training images take 47 MB as bytes, 188 MB once converted to float.
    /// </summary>
    public static long MaxStackBytes { get => maxStackBytes ?? FromEnvironment(); set => maxStackBytes = value; }
    static long? maxStackBytes;

    /// <summary>Back to the default of <see cref="MaxStackBytes"/>: MNIST_SCRIPTING_MAX_STACK_BYTES, else 1 GiB.</summary>
    public static void ResetMaxStackBytes() => maxStackBytes = null;

    static long FromEnvironment()
    {
        var v = Environment.GetEnvironmentVariable(MaxStackBytesVariable)?.Trim();
        if (string.IsNullOrEmpty(v)) return 1L << 30;
        int shift = char.ToUpperInvariant(v[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, _ => 0 };
        if (long.TryParse(shift == 0 ? v : v[..^1], out var n) && n > 0 && n <= long.MaxValue >> shift) return n << shift;
        throw new ArgumentException($"{MaxStackBytesVariable}='{v}' is not a byte count: use a positive number of bytes, e.g. 4294967296 or 4G");
    }
}

/// <summary>An image file (or a folder of them) that cannot be loaded: the message names the operation, the file and the reason.</summary>
public sealed class ImageLoadException(string file, string reason, string op = "Tensor.Load")
    : IOException($"{op}: cannot load '{file}': {reason}")
{
    /// <summary>The file at fault, or the folder when the whole stack is refused.</summary>
    public string File { get; } = file;
    public string Reason { get; } = reason;
}

/// <summary>How to decode: as stored (gray → [H, W], colour → [H, W, 3]), forced to gray (PIL's "L") or to RGB.</summary>
public enum ImageMode { Auto, Gray, Rgb }

internal static class ImageDecoder
{
    /// <summary>Decoded size and whether the source is single-channel.</summary>
    internal readonly record struct Header(int Height, int Width, bool IsGray);

    /// <summary>The bytes of a regular file of an accepted format (a PNG's chunks and CRCs verified), or an ImageLoadException.</summary>
    internal static byte[] ReadFile(string file)
    {
        var bytes = RegularFile.ReadAllBytes(file, "Tensor.Load", ImageLimits.MaxFileBytes, "ImageLimits.MaxFileBytes", why => new ImageLoadException(file, why));
        if (bytes.Length == 0) throw new ImageLoadException(file, "the file is empty");
        if (ImageFormat.Sniff(file, bytes) == ImageFormat.Kind.Png) PngCheck.Verify(file, bytes);
        return bytes;
    }

    internal static SKCodec Open(string file, byte[] bytes, out Header header)
    {
        var stream = new SKMemoryStream(bytes);
        var codec = SKCodec.Create(stream, out var result); // the codec owns the stream from here on
        if (codec is null)
        {
            stream.Dispose();
            throw new ImageLoadException(file, result == SKCodecResult.IncompleteInput
                ? $"its header is incomplete or corrupt, not a readable image ({bytes.Length:N0} bytes; truncated?)"
                : $"not a recognised image ({result}; {bytes.Length:N0} bytes)");
        }
        var i = codec.Info;
        if (i.Width <= 0 || i.Height <= 0) { codec.Dispose(); throw new ImageLoadException(file, $"invalid size {i.Width}x{i.Height}"); }
        try { CheckPixels(file, i.Width, i.Height); }
        catch { codec.Dispose(); throw; }
        header = new Header(i.Height, i.Width, i.ColorType == SKColorType.Gray8);
        return codec;
    }

    /// <summary>Refuses an image whose declared size is over <see cref="ImageLimits.MaxPixels"/>, before anything is decoded.</summary>
    internal static void CheckPixels(string file, long width, long height)
    {
        if (width * height > ImageLimits.MaxPixels)
            throw new ImageLoadException(file, $"{width}x{height} pixels is over ImageLimits.MaxPixels = {ImageLimits.MaxPixels:N0}");
    }

    /// <summary>Whether <paramref name="mode"/> yields one channel for an image with this header.</summary>
    internal static bool IsGrayOut(Header h, ImageMode mode) => mode == ImageMode.Gray || (mode == ImageMode.Auto && h.IsGray);

    /// <summary>Decodes into <paramref name="dst"/> (H·W bytes when gray, H·W·3 when RGB).</summary>
    internal static void Decode(string file, SKCodec codec, Header h, Span<byte> dst, bool gray)
    {
        int n = h.Height * h.Width;
        if (h.IsGray)
        {
            if (gray) Check(file, codec, SKColorType.Gray8, h, dst[..n]);
            else
            {
                Check(file, codec, SKColorType.Gray8, h, dst[..n]);
                for (int k = n - 1; k >= 0; k--) { byte v = dst[k]; dst[3 * k] = v; dst[3 * k + 1] = v; dst[3 * k + 2] = v; }
            }
            return;
        }
        var rgba = new byte[n * 4];
        Check(file, codec, SKColorType.Rgba8888, h, rgba);
        for (int k = 0; k < n; k++)
        {
            byte r = rgba[4 * k], g = rgba[4 * k + 1], b = rgba[4 * k + 2];
            // PIL's convert('L'): ITU-R 601-2 luma, L = R*299/1000 + G*587/1000 + B*114/1000.
            if (gray) dst[k] = (byte)((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
            else { dst[3 * k] = r; dst[3 * k + 1] = g; dst[3 * k + 2] = b; }
        }
    }

    static unsafe void Check(string file, SKCodec codec, SKColorType ct, Header h, Span<byte> dst)
    {
        var info = new SKImageInfo(h.Width, h.Height, ct, SKAlphaType.Unpremul);
        SKCodecResult r;
        fixed (byte* p = dst) r = codec.GetPixels(info, (IntPtr)p);
        if (r != SKCodecResult.Success)
            throw new ImageLoadException(file, r == SKCodecResult.IncompleteInput ? "the image data is truncated or corrupt" : $"decoding failed ({r})");
    }
}
