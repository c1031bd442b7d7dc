// A saved picture: what every chart/image helper returns (its ToString is the PNG path, as the REPL shows it).
namespace Mnist.Scripting.Dsl;

/// <summary>A chart or picture saved as a PNG (matplotlib's figure, once written to disk).</summary>
/// <param name="Path">Where the PNG was written (relative to the working folder when it lies below it).</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record Chart(string Path, int Width, int Height)
{
    /// <summary>The same picture as HTML where a notebook shows that better (ShowHeatmap's table, like pandas' Styler).</summary>
    public string? Html { get; init; }

    /// <summary>The PNG's path, so a chart prints as where to find it.</summary>
    public override string ToString() => Path;
}
