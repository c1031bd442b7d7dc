// Prints tensors character for character as PyTorch 2.x does (torch/_tensor_str.py): precision 4,
// int mode, scientific mode, '...' elision above 1000 elements, 80-column wrapping, grad_fn suffixes.
using System.Globalization;

namespace Mnist.Scripting;

internal static class TensorFormatter
{
    const int Precision = 4, Threshold = 1000, EdgeItems = 3, LineWidth = 80;
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Format(Tensor t)
    {
        const string prefix = "tensor(";
        int indent = prefix.Length;
        var suffixes = new List<string>();
        string body;
        if (t.Numel == 0)
        {
            body = "[]";
            if (t.Dim != 1) suffixes.Add($"size=({string.Join(", ", t.Shape)}{(t.Dim == 1 ? "," : "")})");
        }
        else
        {
            bool summarize = t.Numel > Threshold;
            var host = t.Detach().To(DType.Float64).ToArray<double>();
            var fmt = new Formatter(t.DType, Summarized(host, t.Shape.ToArray(), summarize));
            body = Str(host, t.Shape.ToArray(), 0, indent, summarize, fmt);
        }
        if (t.Device.Type != DeviceType.Cpu) suffixes.Add($"device='{t.Device}'");
        if (t.DType is not (DType.Float32 or DType.Int64 or DType.Bool)) suffixes.Add($"dtype={t.DType.TorchName()}");
        if (t.GradFn is { } fn) suffixes.Add($"grad_fn=<{fn.Name}>");
        else if (t.RequiresGradient) suffixes.Add("requires_grad=True");
        return AddSuffixes(prefix + body, suffixes, indent);
    }

    static string AddSuffixes(string s, List<string> suffixes, int indent)
    {
        var sb = new System.Text.StringBuilder(s);
        int lastLine = s.Length - s.LastIndexOf('\n') + 1;
        foreach (var suf in suffixes)
        {
            if (lastLine + suf.Length + 2 > LineWidth) { sb.Append(",\n").Append(' ', indent).Append(suf); lastLine = indent + suf.Length; }
            else { sb.Append(", ").Append(suf); lastLine += suf.Length + 2; }
        }
        return sb.Append(')').ToString();
    }

    // The values the formatter measures: all of them, or only the edge items that will be printed.
    static IEnumerable<double> Summarized(double[] data, int[] shape, bool summarize)
    {
        if (!summarize) return data;
        var idx = new List<double>();
        Collect(data, shape, 0, 0, Shapes.ContiguousStrides(shape), idx);
        return idx;
    }

    static void Collect(double[] data, int[] shape, int dim, int off, int[] strides, List<double> acc)
    {
        if (dim == shape.Length) { acc.Add(data[off]); return; }
        int n = shape[dim];
        IEnumerable<int> rows = n > 2 * EdgeItems ? Enumerable.Range(0, EdgeItems).Concat(Enumerable.Range(n - EdgeItems, EdgeItems)) : Enumerable.Range(0, n);
        foreach (var i in rows) Collect(data, shape, dim + 1, off + i * strides[dim], strides, acc);
    }

    static string Str(double[] data, int[] shape, int off, int indent, bool summarize, Formatter f)
    {
        var strides = Shapes.ContiguousStrides(shape);
        return StrAt(data, shape, strides, 0, off, indent, summarize, f);
    }

    static string StrAt(double[] data, int[] shape, int[] strides, int dim, int off, int indent, bool summarize, Formatter f)
    {
        int rank = shape.Length - dim;
        if (rank == 0) return f.Format(data[off]);
        int n = shape[dim];
        if (rank == 1)
        {
            int elementLength = f.Width + 2;
            int perLine = Math.Max(1, (LineWidth - indent) / elementLength);
            var items = new List<string>();
            if (summarize && n > 2 * EdgeItems)
            {
                for (int i = 0; i < EdgeItems; i++) items.Add(f.Format(data[off + i * strides[dim]]));
                items.Add(" ...");
                for (int i = n - EdgeItems; i < n; i++) items.Add(f.Format(data[off + i * strides[dim]]));
            }
            else for (int i = 0; i < n; i++) items.Add(f.Format(data[off + i * strides[dim]]));
            var lines = items.Chunk(perLine).Select(c => string.Join(", ", c));
            return "[" + string.Join(",\n" + new string(' ', indent + 1), lines) + "]";
        }
        var slices = new List<string>();
        if (summarize && n > 2 * EdgeItems)
        {
            for (int i = 0; i < EdgeItems; i++) slices.Add(StrAt(data, shape, strides, dim + 1, off + i * strides[dim], indent + 1, summarize, f));
            slices.Add("...");
            for (int i = n - EdgeItems; i < n; i++) slices.Add(StrAt(data, shape, strides, dim + 1, off + i * strides[dim], indent + 1, summarize, f));
        }
        else for (int i = 0; i < n; i++) slices.Add(StrAt(data, shape, strides, dim + 1, off + i * strides[dim], indent + 1, summarize, f));
        return "[" + string.Join("," + new string('\n', rank - 1) + new string(' ', indent + 1), slices) + "]";
    }

    /// <summary>PyTorch's _Formatter: decides int/fixed/scientific mode and the column width from the values shown.</summary>
    sealed class Formatter
    {
        readonly bool floating, isBool, intMode = true, sci;
        public int Width { get; } = 1;

        public Formatter(DType dtype, IEnumerable<double> values)
        {
            floating = dtype.IsFloatingPoint();
            isBool = dtype == DType.Bool;
            if (!floating)
            {
                foreach (var v in values) Width = Math.Max(Width, Plain(v).Length);
                return;
            }
            var nz = values.Where(v => double.IsFinite(v) && v != 0).ToList();
            if (nz.Count == 0) return;
            double min = nz.Min(Math.Abs), max = nz.Max(Math.Abs);
            intMode = nz.All(v => v == Math.Ceiling(v));
            if (intMode)
            {
                sci = max / min > 1000.0 || max > 1.0e8;
                foreach (var v in nz) Width = Math.Max(Width, sci ? Sci(v).Length : v.ToString("F0", Inv).Length + 1);
            }
            else
            {
                sci = max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4;
                foreach (var v in nz) Width = Math.Max(Width, sci ? Sci(v).Length : v.ToString("F" + Precision, Inv).Length);
            }
        }

        string Plain(double v) => isBool ? (v != 0 ? "True" : "False") : ((long)v).ToString(Inv);

        public string Format(double v)
        {
            string s;
            if (!floating) s = Plain(v);
            else if (double.IsNaN(v)) s = "nan";
            else if (double.IsInfinity(v)) s = v > 0 ? "inf" : "-inf";
            else if (sci) s = Sci(v);
            else if (intMode) s = v.ToString("F0", Inv) + ".";
            else s = v.ToString("F" + Precision, Inv);
            return s.PadLeft(Width);
        }

        // Python's '{:.4e}': mantissa with 4 decimals, exponent with sign and at least two digits.
        static string Sci(double v) => v.ToString("0.0000e+00", Inv);
    }
}
