// Pictures: show_image (grayscale, no axes) and the pandas background_gradient('Greys') table of an image slice.
using System.Globalization;
using SkiaSharp;

namespace Mnist.Scripting.Dsl;

public static partial class Prelude
{
    /// <summary>fastai's show_image with matplotlib's 'Greys' map (0 white, 1 or 255 black), no axes.
    /// Takes [H,W] floats in 0..1 or uint8 0..255; also drawn in the terminal when stdout is one.</summary>
    /// <example>ShowImage(stackedThrees[1])</example>
    public static Chart ShowImage(Tensor image, string? title = null, int width = 280, int height = 280)
    {
        var (pixels, _, _) = TensorData.Image(image, "ShowImage");
        int rows = pixels.GetLength(0), cols = pixels.GetLength(1);
        int top = string.IsNullOrEmpty(title) ? 0 : Math.Min(30, height / 4);
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            DrawPixels(canvas, pixels, 0, top, width, height - top);
            if (top > 0) DrawText(canvas, title!, width / 2f, top * 0.75f, top * 0.6f, SKColors.Black);
        }
        var chart = DslOutput.Save(bitmap, title ?? "image");
        if (DslOutput.AnsiEnabled) DslOutput.Writer.Write(AnsiArt.Image(pixels));
        return chart;
    }

    /// <summary>The book's pandas view df.style.background_gradient('Greys') of an image slice such as im3[4..15, 4..22]:
    /// each value printed in its cell over a grey from white (min) to black (max).</summary>
    public static Chart ShowHeatmap(Tensor table, string? title = null, int cellWidth = 34, int cellHeight = 22)
    {
        var values = TensorData.Table(table, "ShowHeatmap");
        bool integers = table.DType is DType.UInt8 or DType.Int64 or DType.Bool;
        string Format(double v) => integers ? ((long)v).ToString(CultureInfo.InvariantCulture)
            : v.ToString("0.00", CultureInfo.InvariantCulture);
        int rows = values.GetLength(0), cols = values.GetLength(1);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values) { min = Math.Min(min, v); max = Math.Max(max, v); }
        double Level(double v) => max > min ? (v - min) / (max - min) : 0;

        int width = (cols + 1) * cellWidth, height = (rows + 1) * cellHeight;
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint();
            float size = cellHeight * 0.5f;
            for (int j = 0; j < cols; j++)
                DrawText(canvas, j.ToString(CultureInfo.InvariantCulture), (j + 1.5f) * cellWidth, cellHeight * 0.7f, size, SKColors.Gray);
            for (int i = 0; i < rows; i++)
            {
                float y = (i + 1) * cellHeight;
                DrawText(canvas, i.ToString(CultureInfo.InvariantCulture), cellWidth / 2f, y + cellHeight * 0.7f, size, SKColors.Gray);
                for (int j = 0; j < cols; j++)
                {
                    var level = Level(values[i, j]);
                    paint.Color = Grey(level);
                    canvas.DrawRect((j + 1) * cellWidth, y, cellWidth, cellHeight, paint);
                    // pandas switches to white text on dark cells (text_color_threshold 0.408 of luminance).
                    var ink = 1 - level < 0.408 ? SKColors.White : SKColors.Black;
                    DrawText(canvas, Format(values[i, j]), (j + 1.5f) * cellWidth, y + cellHeight * 0.7f, size, ink);
                }
            }
        }
        var chart = DslOutput.Save(bitmap, title ?? "heatmap", HeatmapHtml(values, Level, Format, title));
        if (DslOutput.AnsiEnabled) DslOutput.Writer.Write(AnsiArt.Table(values, Level, Format));
        return chart;
    }

    // pandas' df.style.background_gradient('Greys'): one cell per value, its background the grey of its level, white
    // text on dark cells, row and column numbers as headers.
    static string HeatmapHtml(double[,] values, Func<double, double> level, Func<double, string> format, string? title)
    {
        var h = new System.Text.StringBuilder("<table style=\"border-collapse:collapse;font-size:6pt\">");
        if (title is not null) h.Append("<caption>").Append(System.Net.WebUtility.HtmlEncode(title)).Append("</caption>");
        h.Append("<thead><tr><th></th>");
        for (int j = 0; j < values.GetLength(1); j++) h.Append("<th>").Append(j).Append("</th>");
        h.Append("</tr></thead><tbody>");
        for (int i = 0; i < values.GetLength(0); i++)
        {
            h.Append("<tr><th>").Append(i).Append("</th>");
            for (int j = 0; j < values.GetLength(1); j++)
            {
                var l = level(values[i, j]);
                var g = Grey(l);
                var ink = 1 - l < 0.408 ? "#f1f1f1" : "#000000";
                h.Append($"<td style=\"background-color:#{g.Red:x2}{g.Green:x2}{g.Blue:x2};color:{ink}\">").Append(format(values[i, j])).Append("</td>");
            }
            h.Append("</tr>");
        }
        return h.Append("</tbody></table>").ToString();
    }

    // The pixels (0 white, 1 black) as grey cells filling the box at (x, y), width by height.
    static void DrawPixels(SKCanvas canvas, double[,] pixels, float x, float y, float width, float height)
    {
        int rows = pixels.GetLength(0), cols = pixels.GetLength(1);
        float cw = width / cols, ch = height / rows;
        using var paint = new SKPaint { IsAntialias = false };
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                paint.Color = Grey(pixels[i, j]);
                canvas.DrawRect(x + j * cw, y + i * ch, cw + 0.5f, ch + 0.5f, paint);
            }
    }

    internal static SKColor Grey(double level)
    {
        var g = (byte)Math.Round(255 * (1 - Math.Clamp(level, 0, 1)));
        return new SKColor(g, g, g);
    }

    static void DrawText(SKCanvas canvas, string text, float centerX, float baseline, float size, SKColor color)
    {
        using var font = new SKFont(FontCheck.Typeface, size);
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        canvas.DrawText(text, centerX, baseline, SKTextAlign.Center, font, paint);
    }
}
