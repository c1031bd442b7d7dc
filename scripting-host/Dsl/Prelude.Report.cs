// Report("baseline_3", acc): one parsable line per named value, so tests can read a script's numbers from its output.
using System.Globalization;
using System.Text.RegularExpressions;

namespace Mnist.Scripting.Dsl;

public static partial class Prelude
{
    /// <summary>The prefix of every report line: "#report NAME = VALUE".</summary>
    public const string ReportPrefix = "#report ";

    /// <summary>
    /// Prints "#report name = value" (invariant culture). A one-element tensor reports its number; a larger one
    /// reports nested lists, as the book writes them: <c>[[0,0,29],[0,48,166]]</c>.
    /// </summary>
    /// <example>Report("baseline_3", accuracy3)  // #report baseline_3 = 0.9168</example>
    public static void Report(string name, Tensor value) => Emit(name, TensorText(value));

    static string TensorText(Tensor value)
    {
        if (value.Numel != 1) return NestedList(value);
        return value.DType switch
        {
            DType.Float32 => ((float)value.Item()).ToString("R", CultureInfo.InvariantCulture),
            DType.Bool => value.Item() != 0 ? "true" : "false",
            DType.Float64 => value.Item().ToString("R", CultureInfo.InvariantCulture),
            _ => ((long)value.Item()).ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>A value as a report writes it (what Report and Show record), or a clear error for other types.</summary>
    internal static string ReportText(object value) => value switch
    {
        Tensor t => TensorText(t),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        long or int or short or byte => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s => s.ReplaceLineEndings(" "),
        Size or Mnist.Scripting.Data.PathList or Mnist.Scripting.Data.DataPath => value.ToString()!.ReplaceLineEndings(" "),
        _ => throw new ArgumentException($"Show/Report: cannot record a {value.GetType().Name}; give a tensor, a number, text or a size (or Display(value) to only show it)"),
    };

    static string NestedList(Tensor t)
    {
        var values = t.Detach().To(DType.Float64).ToArray<double>();
        string One(double v) => t.DType switch
        {
            DType.Float32 => ((float)v).ToString("R", CultureInfo.InvariantCulture),
            DType.Float64 => v.ToString("R", CultureInfo.InvariantCulture),
            DType.Bool => v != 0 ? "true" : "false",
            _ => ((long)v).ToString(CultureInfo.InvariantCulture),
        };
        var shape = t.Shape.ToArray();
        int at = 0;
        string Level(int dim) => dim == shape.Length
            ? One(values[at++])
            : "[" + string.Join(",", Enumerable.Range(0, shape[dim]).Select(_ => Level(dim + 1))) + "]";
        return Level(0);
    }

    /// <summary>Reports a double with round-trip precision.</summary>
    public static void Report(string name, double value) => Emit(name, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Reports a float with its own shortest round-trip digits (0.9168f prints 0.9168).</summary>
    public static void Report(string name, float value) => Emit(name, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Reports an integer count.</summary>
    public static void Report(string name, long value) => Emit(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reports text (kept on one line).</summary>
    public static void Report(string name, string value) => Emit(name, value.ReplaceLineEndings(" "));

    static void Emit(string name, string value)
    {
        CheckName(name);
        DslOutput.Writer.WriteLine($"{ReportPrefix}{name} = {value}");
    }

    static void CheckName(string name)
    {
        if (!NameRule.IsMatch(name))
            throw new ArgumentException($"Report: name '{name}' must be letters, digits, '_', '.' or '-' (no spaces), e.g. \"baseline_3\".");
    }

    static readonly Regex NameRule = new(@"^[A-Za-z0-9_.\-]+$");
    static readonly Regex LineRule = new(@"^#report ([A-Za-z0-9_.\-]+) = (.*)$", RegexOptions.Multiline);

    /// <summary>Every report in a script's output, last value wins; values stay text (parse with double.Parse(v, CultureInfo.InvariantCulture)).</summary>
    public static IReadOnlyDictionary<string, string> ParseReports(string output)
    {
        var reports = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in LineRule.Matches(output.Replace("\r", "")))
            reports[m.Groups[1].Value] = m.Groups[2].Value;
        return reports;
    }
}
