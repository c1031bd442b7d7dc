// Tensor.Load: one image file to a uint8 tensor, [H, W] for gray and [H, W, 3] for colour (tensor(Image.open(f))).
using Mnist.Scripting.Data;

namespace Mnist.Scripting;

public sealed partial class Tensor
{
    /// <summary>
    /// Decodes an image into a uint8 tensor (fastai's <c>tensor(Image.open(path))</c>): [H, W] for gray images,
    /// [H, W, 3] for colour; <see cref="ImageMode.Gray"/> converts colour to gray like PIL's convert('L').
    /// <c>var im3 = Tensor.Load(threes[1]); im3[4..10, 4..10]</c>. Throws <see cref="ImageLoadException"/> naming the file and the reason.
    /// </summary>
    public static Tensor Load(string path, ImageMode mode = ImageMode.Auto)
    {
        var bytes = ImageDecoder.ReadFile(path);
        using var codec = ImageDecoder.Open(path, bytes, out var h);
        bool gray = ImageDecoder.IsGrayOut(h, mode);
        var data = new byte[h.Height * h.Width * (gray ? 1 : 3)];
        ImageDecoder.Decode(path, codec, h, data, gray);
        return gray ? FromArray(data, h.Height, h.Width) : FromArray(data, h.Height, h.Width, 3);
    }

    /// <summary>Same as <see cref="Load(string, ImageMode)"/> for a <see cref="DataPath"/> (no implicit conversion needed from F#).</summary>
    public static Tensor Load(DataPath path, ImageMode mode = ImageMode.Auto) => Load(path.FullName, mode);

    /// <summary>Decodes every image of a folder, sorted ordinally, into one stacked uint8 tensor [N, H, W] (see <see cref="Images.LoadFolder"/>).</summary>
    public static Tensor LoadFolder(string folder, bool useCache = true) => Images.LoadFolder(folder, useCache);
}
