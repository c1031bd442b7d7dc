// Tensor.Load: one image file to a uint8 tensor, [H, W] for gray and [H, W, 3] for colour (tensor(Image.open(f))).
// Static members on Tensor from this assembly (a C# extension block), so the engine carries no image codec; F# and
// other languages without extension members call Images.Load.
namespace Mnist.Scripting.Data;

/// <summary>Tensor.Load and Tensor.LoadFolder, the image readers, as static members of <see cref="Tensor"/>.</summary>
public static class TensorImages
{
    extension(Tensor)
    {
        /// <summary>
        /// Decodes an image into a uint8 tensor (fastai's <c>tensor(Image.open(path))</c>): [H, W] for gray images,
        /// [H, W, 3] for colour; <see cref="ImageMode.Gray"/> converts colour to gray like PIL's convert('L').
        /// <c>var im3 = Tensor.Load(threes[1]); im3[4..10, 4..10]</c>. Throws <see cref="ImageLoadException"/> naming the file and the reason.
        /// </summary>
        public static Tensor Load(string path, ImageMode mode = ImageMode.Auto) => Images.Load(path, mode);

        /// <summary>Same as <c>Load(string, ImageMode)</c> for a <see cref="DataPath"/>.</summary>
        public static Tensor Load(DataPath path, ImageMode mode = ImageMode.Auto) => Images.Load(path.FullName, mode);

        /// <summary>Decodes every image of a folder, sorted ordinally, into one stacked uint8 tensor [N, H, W] (see <see cref="Images.LoadFolder"/>).</summary>
        public static Tensor LoadFolder(string folder, bool useCache = true) => Images.LoadFolder(folder, useCache);
    }
}
