// fastai's results table in plain text: names padded to 8 and joined by two spaces, values with 6 decimals, time as mm:ss.
using System.Globalization;

namespace Mnist.Scripting.Training;

/// <summary>
/// Formats rows as fastprogress prints them on a console:
/// <code>
/// epoch     train_loss  valid_loss  batch_accuracy  time
/// 0         0.636857    0.503549    0.495584        00:00
/// </code>
/// Trailing spaces are trimmed.
/// </summary>
public sealed class ResultsTable(IReadOnlyList<string> names)
{
    readonly string[] columns = names.Select(n => n.Length < 8 ? n.PadRight(8) : n).ToArray();

    /// <summary>The header line: "epoch     train_loss  valid_loss  batch_accuracy  time".</summary>
    public string Header() => string.Join("  ", columns).TrimEnd();

    /// <summary>One row: each value padded to its column's width plus two spaces.</summary>
    public string Row(IReadOnlyList<string> cells)
    {
        var parts = cells.Select((c, i) => c.PadRight(columns[i].Length + 2));
        return string.Concat(parts).TrimEnd();
    }

    /// <summary>The row of an epoch: its number, the values with 6 decimals, and the time.</summary>
    public string Row(int epoch, IReadOnlyList<double> values, TimeSpan time) => Row(Cells(epoch, values, time));

    /// <summary>An epoch's cells as fastai prints them: its number, the values with 6 decimals, the time.</summary>
    public static string[] Cells(int epoch, IReadOnlyList<double> values, TimeSpan time) =>
        [epoch.ToString(CultureInfo.InvariantCulture), .. values.Select(Number), FormatTime(time)];

    /// <summary>A value as fastai prints it: 6 decimals ("0.495584"), "nan" for NaN.</summary>
    public static string Number(double v) => double.IsNaN(v) ? "nan" : v.ToString("F6", CultureInfo.InvariantCulture);

    /// <summary>mm:ss, or h:mm:ss past an hour (fastprogress's format_time).</summary>
    public static string FormatTime(TimeSpan t)
    {
        long s = (long)t.TotalSeconds;
        long h = s / 3600, m = s / 60 % 60, sec = s % 60;
        return h != 0 ? $"{h}:{m:00}:{sec:00}" : $"{m:00}:{sec:00}";
    }
}
