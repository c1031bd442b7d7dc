// How the REPL shows a cell's trailing value: tensors as PyTorch prints them, tuples like Python, collections briefly.
using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using Mnist.Scripting.Dsl;

namespace Mnist.Scripting.Host;

internal static class ValueFormatter
{
    const int MaxItems = 10;

    /// <summary>The text for a value, or null when nothing should be shown (null, or a chart whose path this cell printed).</summary>
    public static string? Display(object? value) => value switch
    {
        null => null,
        Chart c when DslOutput.WasAnnounced(c.Path) => null,
        _ => Format(value, nested: false),
    };

    /// <summary>One value; nested values (inside collections) are kept short.</summary>
    public static string Format(object? value, bool nested) => value switch
    {
        null => "null",
        string s => Quote(s),
        char c => $"'{c}'",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable n when value.GetType().IsPrimitive || value is decimal => n.ToString(null, CultureInfo.InvariantCulture),
        Tensor t => nested && t.Numel > 8 ? $"tensor(shape={Shape(t)}, dtype={t.DType})" : t.ToString(),
        ITuple tuple when value.GetType().FullName!.StartsWith("System.ValueTuple", StringComparison.Ordinal)
            || value.GetType().FullName!.StartsWith("System.Tuple", StringComparison.Ordinal) => Tuple(tuple),
        IDictionary dict => Dictionary(dict),
        IEnumerable items when value is not Tensor && value is not Size => Sequence(value, items),
        _ => value.ToString() ?? "",
    };

    static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";

    static string Shape(Tensor t) => "[" + string.Join(", ", t.Shape) + "]";

    static string Tuple(ITuple t)
        => "(" + string.Join(", ", Enumerable.Range(0, t.Length).Select(i => Format(t[i], nested: true))) + ")";

    static string Sequence(object value, IEnumerable items)
    {
        var shown = new List<string>();
        int count = 0;
        foreach (var item in items)
        {
            if (count++ < MaxItems) shown.Add(Format(item, nested: true));
            else if (value is not ICollection) { count = -1; break; } // a lazy sequence: do not enumerate it all
        }
        var total = value is ICollection c ? c.Count : count;
        var more = total > MaxItems || total < 0 ? ", ..." : "";
        return $"{TypeName(value.GetType())}(#{(total < 0 ? ">" + MaxItems : total.ToString(CultureInfo.InvariantCulture))}) [{string.Join(", ", shown)}{more}]";
    }

    static string Dictionary(IDictionary dict)
    {
        var shown = dict.Cast<DictionaryEntry>().Take(MaxItems)
            .Select(e => $"{Format(e.Key, true)}: {Format(e.Value, true)}");
        return $"{TypeName(dict.GetType())}(#{dict.Count}) {{{string.Join(", ", shown)}{(dict.Count > MaxItems ? ", ..." : "")}}}";
    }

    /// <summary>C#-style type names: List&lt;int&gt;, Tensor[].</summary>
    public static string TypeName(Type t)
    {
        if (t.IsArray) return TypeName(t.GetElementType()!) + "[]";
        if (t.FullName?.StartsWith("System.Linq", StringComparison.Ordinal) == true
            || t.Name.Contains('<') || t.Name.StartsWith('<')) return "IEnumerable";
        if (!t.IsGenericType) return Alias(t);
        var name = t.Name[..t.Name.IndexOf('`')];
        return $"{name}<{string.Join(", ", t.GetGenericArguments().Select(TypeName))}>";
    }

    static string Alias(Type t) => t == typeof(int) ? "int" : t == typeof(long) ? "long" : t == typeof(double) ? "double"
        : t == typeof(float) ? "float" : t == typeof(string) ? "string" : t == typeof(bool) ? "bool" : t == typeof(byte) ? "byte"
        : t == typeof(object) ? "object" : t == typeof(char) ? "char" : t.Name;
}
