// Line charts for the book: plot_function (with the red dot), recorder curves, scatter; each saved as a PNG.
using System.Runtime.CompilerServices;
using ScottPlot;

namespace Mnist.Scripting.Dsl;

/// <summary>The scripting prelude: statically imported by every script, so book cells translate line by line.</summary>
public static partial class Prelude
{
    /// <summary>fastbook's plot_function: f over 100 points of linspace(min, max); markX adds the red dot of plt.scatter(x, f(x)).</summary>
    /// <example>PlotFunction(x => x.Pow(2), "x**2", -2, 2, "x", "x**2", markX: -1.5)</example>
    /// <remarks>A lambda valid for both overloads (x => x * x) picks this tensor one.</remarks>
    [OverloadResolutionPriority(1)]
    public static Chart PlotFunction(Func<Tensor, Tensor> f, string? title = null, double min = -2, double max = 2,
        string? xLabel = null, string? yLabel = null, double? markX = null, int width = 600, int height = 400)
    {
        var x = Tensor.Linspace(min, max, 100);
        Tensor y;
        using (Tensor.NoGrad()) y = f(x);
        double? markY = null;
        if (markX is double mx)
            using (Tensor.NoGrad()) markY = f(Tensor.Of(mx)).Item();
        return FunctionChart(TensorData.Values(x), TensorData.Values(y), title, xLabel, yLabel, markX, markY, width, height);
    }

    /// <summary>plot_function for a plain double function.</summary>
    public static Chart PlotFunction(Func<double, double> f, string? title = null, double min = -2, double max = 2,
        string? xLabel = null, string? yLabel = null, double? markX = null, int width = 600, int height = 400)
    {
        var xs = Enumerable.Range(0, 100).Select(i => min + (max - min) * i / 99.0).ToArray();
        return FunctionChart(xs, xs.Select(f).ToArray(), title, xLabel, yLabel, markX, markX is double m ? f(m) : null,
            width, height);
    }

    static Chart FunctionChart(double[] xs, double[] ys, string? title, string? xLabel, string? yLabel,
        double? markX, double? markY, int width, int height)
    {
        var panel = new Panel().Line(xs, ys).Title(title).Labels(xLabel, yLabel);
        if (markX is double mx && markY is double my) panel.Point(mx, my, "red");
        return panel.Save(title ?? "plot_function", width, height);
    }

    /// <summary>plt.plot(values): a line over index 0..n-1, e.g. the recorder's losses or accuracies per epoch.</summary>
    public static Chart PlotLine(IEnumerable<double> values, string? title = null, string? xLabel = null,
        string? yLabel = null, int width = 600, int height = 400)
    {
        var ys = values.ToArray();
        var xs = Enumerable.Range(0, ys.Length).Select(i => (double)i).ToArray();
        return new Panel().Line(xs, ys).Title(title).Labels(xLabel, yLabel).Save(title ?? "line", width, height);
    }

    /// <summary>Several named curves on one chart (train_loss and valid_loss), with a legend.</summary>
    public static Chart PlotLines(string? title, params (string Name, double[] Values)[] series)
    {
        var panel = new Panel().Title(title);
        foreach (var (name, ys) in series)
            panel.Line(Enumerable.Range(0, ys.Length).Select(i => (double)i).ToArray(), ys, label: name);
        return panel.Save(title ?? "lines", 600, 400);
    }

    /// <summary>plt.scatter(x, y): points only, e.g. the roller-coaster speeds.</summary>
    public static Chart Scatter(Tensor x, Tensor y, string? title = null, string? xLabel = null, string? yLabel = null,
        int width = 600, int height = 400)
        => Scatter(TensorData.Values(x), TensorData.Values(y), title, xLabel, yLabel, width, height);

    /// <summary>plt.scatter over plain arrays.</summary>
    public static Chart Scatter(double[] x, double[] y, string? title = null, string? xLabel = null, string? yLabel = null,
        int width = 600, int height = 400)
        => new Panel().Points(x, y).Title(title).Labels(xLabel, yLabel).Save(title ?? "scatter", width, height);

    /// <summary>plt.subplots(rows, cols, figsize): a figure of panels drawn side by side and saved as one PNG.</summary>
    /// <example>var fig = Subplots(1, 4, 1200, 300); fig[0].Points(t, speed).Line(t, preds, "red"); fig.Save("preds");</example>
    public static Figure Subplots(int rows, int cols, int width = 1200, int height = 300) => new(rows, cols, width, height);
}
