// ScottPlot and Skia draw no text at all, silently, on a machine without fonts: detect that once and say what to install.
using SkiaSharp;

namespace Mnist.Scripting.Dsl;

/// <summary>Checks that a font with Latin glyphs is available for chart text.</summary>
public static class FontCheck
{
    static bool warned;
    static string? cached;

    /// <summary>The advice printed when no font can draw text.</summary>
    public const string Advice = "charts: no font with Latin glyphs was found, so titles, labels and numbers will be blank. "
        + "Install one (Debian/Ubuntu: sudo apt-get install fonts-dejavu-core; Fedora: dejavu-sans-fonts; Alpine: font-dejavu), "
        + "or set MNIST_SCRIPTING_FONT to a .ttf file.";

    /// <summary>Null when text renders; otherwise the problem and what to install.</summary>
    public static string? Problem => cached ??= Diagnose(ResolveTypeface()) ?? "";

    /// <summary>Null when <paramref name="typeface"/> can draw digits and Latin letters; otherwise <see cref="Advice"/>.</summary>
    public static string? Diagnose(SKTypeface? typeface)
    {
        if (typeface is null || typeface.GlyphCount == 0) return Advice;
        var glyphs = typeface.GetGlyphs("Ax0.9");
        return glyphs.Length == 0 || glyphs.Any(g => g == 0) ? Advice : null;
    }

    /// <summary>The typeface charts use: $MNIST_SCRIPTING_FONT if set (registered with ScottPlot), else the system default.</summary>
    internal static SKTypeface? ResolveTypeface()
    {
        var file = Environment.GetEnvironmentVariable("MNIST_SCRIPTING_FONT");
        if (!string.IsNullOrEmpty(file) && File.Exists(file))
        {
            ScottPlot.Fonts.AddFontFile("MnistScriptingFont", file);
            ScottPlot.Fonts.Default = "MnistScriptingFont";
            return SKTypeface.FromFile(file);
        }
        return SKFontManager.Default.MatchFamily("DejaVu Sans") ?? SKFontManager.Default.MatchFamily(ScottPlot.Fonts.Default) ?? SKTypeface.Default;
    }

    static bool configured;

    /// <summary>A ScottPlot plot using DejaVu Sans when installed (matplotlib's default face) rather than a serif.</summary>
    internal static ScottPlot.Plot NewPlot()
    {
        if (!configured)
        {
            configured = true;
            if (Environment.GetEnvironmentVariable("MNIST_SCRIPTING_FONT") is not { Length: > 0 }
                && SKFontManager.Default.MatchFamily("DejaVu Sans") is { FamilyName: "DejaVu Sans" })
                ScottPlot.Fonts.Default = "DejaVu Sans";
            else ResolveTypeface();
        }
        return new ScottPlot.Plot();
    }

    internal static void WarnOnce(TextWriter writer)
    {
        if (warned || string.IsNullOrEmpty(Problem)) return;
        warned = true;
        writer.WriteLine($"warning: {Problem}");
    }

    /// <summary>The typeface for text we draw ourselves (heatmap numbers).</summary>
    internal static SKTypeface Typeface => ResolveTypeface() ?? SKTypeface.Default;
}
