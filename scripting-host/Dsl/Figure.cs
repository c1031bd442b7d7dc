// A small fluent chart API over ScottPlot: Panel (one axes, like matplotlib's ax) and Figure (plt.subplots grid).
using ScottPlot;
using SkiaSharp;

namespace Mnist.Scripting.Dsl;

/// <summary>One set of axes (matplotlib's ax); every method returns the panel so calls chain.</summary>
public sealed class Panel
{
    /// <summary>The underlying ScottPlot plot, for anything the fluent methods do not cover.</summary>
    public Plot Plot { get; } = FontCheck.NewPlot();

    /// <summary>ax.plot(xs, ys): a line without markers.</summary>
    public Panel Line(double[] xs, double[] ys, string? color = null, string? label = null)
    {
        CheckLengths("Line", xs, ys);
        var s = Plot.Add.ScatterLine(xs, ys);
        s.LineWidth = 2;
        Style(s, color, label);
        return this;
    }

    /// <summary>ax.plot over tensors (1-d, same length).</summary>
    public Panel Line(Tensor xs, Tensor ys, string? color = null, string? label = null)
        => Line(TensorData.Values(xs), TensorData.Values(ys), color, label);

    /// <summary>ax.scatter(xs, ys): markers only.</summary>
    public Panel Points(double[] xs, double[] ys, string? color = null, string? label = null)
    {
        CheckLengths("Points", xs, ys);
        var s = Plot.Add.ScatterPoints(xs, ys);
        s.MarkerSize = 6;
        Style(s, color, label);
        return this;
    }

    /// <summary>ax.scatter over tensors.</summary>
    public Panel Points(Tensor xs, Tensor ys, string? color = null, string? label = null)
        => Points(TensorData.Values(xs), TensorData.Values(ys), color, label);

    /// <summary>One highlighted point (the book's red dot).</summary>
    public Panel Point(double x, double y, string color = "red")
    {
        var m = Plot.Add.Marker(x, y, MarkerShape.FilledCircle, 10);
        m.Color = ParseColor(color);
        return this;
    }

    /// <summary>ax.set_title.</summary>
    public Panel Title(string? title) { if (!string.IsNullOrEmpty(title)) Plot.Title(title); return this; }

    /// <summary>ax.set_xlabel / set_ylabel (null leaves one unset).</summary>
    public Panel Labels(string? xLabel, string? yLabel)
    {
        if (!string.IsNullOrEmpty(xLabel)) Plot.XLabel(xLabel);
        if (!string.IsNullOrEmpty(yLabel)) Plot.YLabel(yLabel);
        return this;
    }

    /// <summary>plt.ylim(lo, hi).</summary>
    public Panel YLim(double lo, double hi) { Plot.Axes.SetLimitsY(lo, hi); return this; }

    /// <summary>plt.xlim(lo, hi).</summary>
    public Panel XLim(double lo, double hi) { Plot.Axes.SetLimitsX(lo, hi); return this; }

    /// <summary>Saves this panel alone as a PNG in the plot folder and prints its path.</summary>
    public Chart Save(string name, int width = 600, int height = 400)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap)) Render(canvas, 0, 0, width, height);
        return DslOutput.Save(bitmap, name);
    }

    internal void Render(SKCanvas canvas, int x, int y, int width, int height)
    {
        canvas.Save();
        canvas.Translate(x, y);
        canvas.ClipRect(new SKRect(0, 0, width, height));
        Plot.Render(canvas, width, height);
        canvas.Restore();
    }

    void Style(ScottPlot.Plottables.Scatter s, string? color, string? label)
    {
        if (color is not null) s.Color = ParseColor(color);
        if (!string.IsNullOrEmpty(label)) { s.LegendText = label; Plot.ShowLegend(); }
    }

    static void CheckLengths(string op, double[] xs, double[] ys)
    {
        if (xs.Length != ys.Length)
            throw new ArgumentException($"{op}: xs has {xs.Length} values but ys has {ys.Length}; pass arrays of the same length.");
    }

    /// <summary>A colour from a name ("red", "steelblue") or "#rrggbb".</summary>
    public static Color ParseColor(string color)
    {
        if (color.StartsWith('#')) return Color.FromHex(color);
        var c = System.Drawing.Color.FromName(color);
        if (!c.IsKnownColor) throw new ArgumentException($"colour '{color}' is not a known name; use e.g. \"red\" or \"#ff0000\".");
        return new Color(c.R, c.G, c.B);
    }
}

/// <summary>A grid of panels saved as one PNG (plt.subplots(rows, cols, figsize)).</summary>
public sealed class Figure(int rows, int cols, int width, int height)
{
    readonly Panel[] panels = Enumerable.Range(0, rows * cols).Select(_ => new Panel()).ToArray();

    /// <summary>Panels in row-major order (axs.flat).</summary>
    public IReadOnlyList<Panel> Panels => panels;

    /// <summary>axs[i] in row-major order.</summary>
    public Panel this[int i] => i >= 0 && i < panels.Length ? panels[i]
        : throw new IndexOutOfRangeException($"Figure: panel {i} does not exist, the figure has {panels.Length} ({rows}x{cols}).");

    /// <summary>axs[row, col].</summary>
    public Panel this[int row, int col] => this[row * cols + col];

    /// <summary>Draws every panel into its cell and saves the figure as one PNG.</summary>
    public Chart Save(string name = "figure")
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            int cw = width / cols, ch = height / rows;
            for (int i = 0; i < panels.Length; i++)
                panels[i].Render(canvas, i % cols * cw, i / cols * ch, cw, ch);
        }
        return DslOutput.Save(bitmap, name);
    }
}
