// Where charts go (MNIST_SCRIPTING_PLOTS, default ./plots), where their paths are printed, and whether to draw them
// in the terminal with ANSI colours; the REPL redirects Writer, tests redirect both.
using System.Diagnostics.CodeAnalysis;
using SkiaSharp;

namespace Mnist.Scripting.Dsl;

/// <summary>Output settings shared by every DSL helper.</summary>
public static class DslOutput
{
    static TextWriter? writer;
    static string? plotFolder;
    static readonly Dictionary<string, int> counters = new(StringComparer.Ordinal);

    /// <summary>Environment variable that overrides the plot folder.</summary>
    public const string PlotsVariable = "MNIST_SCRIPTING_PLOTS";

    /// <summary>Where paths, reports and terminal pictures are written (default: Console.Out).</summary>
    public static TextWriter Writer { get => writer ?? Console.Out; set => writer = value; }

    /// <summary>The folder PNGs are saved in: set here, else $MNIST_SCRIPTING_PLOTS, else ./plots (set null to go back).</summary>
    [AllowNull]
    public static string PlotFolder
    {
        get => plotFolder ?? (Environment.GetEnvironmentVariable(PlotsVariable) is { Length: > 0 } env ? env : "plots");
        set => plotFolder = value;
    }

    /// <summary>Draw pictures in the terminal too: null (default) means when stdout is a terminal and NO_COLOR is unset.</summary>
    public static bool? Ansi { get; set; }

    internal static bool AnsiEnabled => Ansi ?? (writer is null && !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    /// <summary>A fresh path in the plot folder for a chart called <paramref name="name"/> (name-1.png, name-2.png...).</summary>
    internal static string NextPath(string name)
    {
        var slug = Slug(name);
        int n;
        lock (counters) { counters[slug] = n = counters.GetValueOrDefault(slug) + 1; }
        Directory.CreateDirectory(PlotFolder);
        return Path.Combine(PlotFolder, $"{slug}-{n}.png");
    }

    /// <summary>Writes the bitmap as a PNG, prints its path and returns it as a Chart.</summary>
    internal static Chart Save(SKBitmap bitmap, string name, string? html = null)
    {
        var path = NextPath(name);
        using (var image = SKImage.FromBitmap(bitmap))
        using (var data = image.Encode(SKEncodedImageFormat.Png, 100))
        using (var file = File.Create(path))
            data.SaveTo(file);
        return Announce(path, bitmap.Width, bitmap.Height, html);
    }

    static readonly HashSet<string> announced = new(StringComparer.Ordinal);

    /// <summary>Paths printed since the last <see cref="ClearAnnounced"/> (the REPL does not print them twice).</summary>
    public static bool WasAnnounced(string path) { lock (announced) return announced.Contains(path); }

    /// <summary>Forgets printed paths (the REPL calls it before each cell).</summary>
    public static void ClearAnnounced() { lock (announced) announced.Clear(); }

    internal static Chart Announce(string path, int width, int height, string? html = null)
    {
        FontCheck.WarnOnce(Writer);
        // A notebook shows the picture itself (its display carries the path), so the path line would only be noise.
        if (Shown is null) Writer.WriteLine($"[plot] {path} ({width}x{height})");
        lock (announced) announced.Add(path);
        var chart = new Chart(path, width, height) { Html = html };
        Shown?.Invoke(chart);
        return chart;
    }

    /// <summary>Raised for every chart or picture once its PNG is saved (the Jupyter kernel sends it as display_data).</summary>
    public static event Action<Chart>? Shown;

    /// <summary>Where <see cref="Prelude.Display"/> sends values: set by the Jupyter kernel; null prints them to Writer.</summary>
    public static Action<object?>? Displayer { get; set; }

    internal static void Display(object? value)
    {
        if (Displayer is { } show) show(value);
        else Writer.WriteLine(value?.ToString() ?? "null");
    }

    /// <summary>Where <see cref="Prelude.Show"/> sends (value, name, report text): set by the Jupyter kernel; null prints them.</summary>
    public static Action<object, string, string>? Shower { get; set; }

    internal static void Show(object value, string name, string report)
    {
        if (Shower is { } show) { show(value, name, report); return; }
        Writer.WriteLine(value.ToString());
        Writer.WriteLine($"{Prelude.ReportPrefix}{name} = {report}");
    }

    static string Slug(string name)
    {
        var chars = name.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
        var slug = new string(chars).Trim('_');
        while (slug.Contains("__")) slug = slug.Replace("__", "_");
        return slug.Length == 0 ? "plot" : slug.Length > 40 ? slug[..40] : slug;
    }
}
