// Terminal rendering with 24-bit ANSI colours: images as half blocks (two pixels per character), tables as shaded cells.
using System.Text;

namespace Mnist.Scripting.Dsl;

internal static class AnsiArt
{
    const string Reset = "\u001b[0m";

    /// <summary>Greys intensities (0 white, 1 black) as rows of '▀': the top pixel is the foreground, the bottom the background.</summary>
    public static string Image(double[,] pixels)
    {
        int rows = pixels.GetLength(0), cols = pixels.GetLength(1);
        var sb = new StringBuilder();
        for (int i = 0; i < rows; i += 2)
        {
            for (int j = 0; j < cols; j++)
            {
                var top = Prelude.Grey(pixels[i, j]);
                var bottom = i + 1 < rows ? Prelude.Grey(pixels[i + 1, j]) : SkiaSharp.SKColors.White;
                sb.Append($"\u001b[38;2;{top.Red};{top.Green};{top.Blue}m\u001b[48;2;{bottom.Red};{bottom.Green};{bottom.Blue}m▀");
            }
            sb.Append(Reset).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Each value right-aligned in a shaded cell, white ink on dark cells.</summary>
    public static string Table(double[,] values, Func<double, double> level, Func<double, string> format)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        int w = 1;
        foreach (var v in values) w = Math.Max(w, format(v).Length);
        var sb = new StringBuilder();
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                var l = level(values[i, j]);
                var bg = Prelude.Grey(l);
                var ink = 1 - l < 0.408 ? "255;255;255" : "0;0;0";
                sb.Append($"\u001b[48;2;{bg.Red};{bg.Green};{bg.Blue}m\u001b[38;2;{ink}m {format(values[i, j]).PadLeft(w)}");
            }
            sb.Append(Reset).Append('\n');
        }
        return sb.ToString();
    }
}
