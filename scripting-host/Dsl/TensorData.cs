// Tensor to plain arrays for drawing: values as doubles, and images as [H,W] intensities in 0..1.
namespace Mnist.Scripting.Dsl;

internal static class TensorData
{
    /// <summary>All values, row-major, as doubles.</summary>
    public static double[] Values(Tensor t) => t.Detach().ToArray<double>();

    /// <summary>A [H,W] (or [1,H,W]) image as intensities 0..1: uint8 is divided by 255, floats are clamped.</summary>
    public static (double[,] Pixels, double Min, double Max) Image(Tensor t, string op)
    {
        var shape = t.Shape.ToArray();
        if (shape.Length == 3 && shape[0] == 1) shape = shape[1..];
        if (shape.Length != 2)
            throw new ArgumentException($"{op}: expected an image tensor of shape [H, W] (or [1, H, W]), got {t.Shape}; "
                + "index one image first, e.g. stacked[1].");
        var values = Values(t);
        var scale = t.DType == DType.UInt8 ? 1.0 / 255 : 1.0;
        var pixels = new double[shape[0], shape[1]];
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int i = 0; i < shape[0]; i++)
            for (int j = 0; j < shape[1]; j++)
            {
                var v = values[i * shape[1] + j];
                min = Math.Min(min, v); max = Math.Max(max, v);
                pixels[i, j] = Math.Clamp(v * scale, 0, 1);
            }
        return (pixels, min, max);
    }

    /// <summary>A [R,C] tensor as raw values (for the heatmap table), with its dtype kept for formatting.</summary>
    public static double[,] Table(Tensor t, string op)
    {
        if (t.Dim != 2) throw new ArgumentException($"{op}: expected a 2-d tensor such as im3[4..15, 4..22], got {t.Shape}.");
        var values = Values(t);
        int rows = t.Size(0), cols = t.Size(1);
        var table = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                table[i, j] = values[i * cols + j];
        return table;
    }
}
