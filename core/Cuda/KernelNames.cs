// The kernel names the backend launches (one naming rule per family) and the catalog of .entry names in the embedded PTX.
using System.Reflection;
using System.Text.RegularExpressions;
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Cuda;

internal static partial class KernelNames
{
    /// <summary>Kernel dtype suffix: bool shares the u8 kernels (1-byte storage).</summary>
    public static string Suffix(DType t) => t switch
    {
        DType.Float32 => "f32",
        DType.Float64 => "f64",
        DType.Int64 => "i64",
        _ => "u8",
    };

    static readonly DType[] Stored = [DType.Float32, DType.Float64, DType.Int64, DType.UInt8];

    /// <summary>Elementwise kernels are named after the primitive's torch name (<see cref="OpTable"/>).</summary>
    public static string Unary(UnaryOp op, DType t) => $"unary_{OpTable.Of(op).TorchName}_{Suffix(t)}";
    public static string Binary(BinaryOp op, DType t) =>
        $"{(op.IsComparison() ? "cmp" : "binary")}_{OpTable.Of(op).TorchName}_{Suffix(t)}";
    public static string Where(DType t) => $"where_{Suffix(t)}";
    /// <summary>Conversions into Bool write x != 0 (copy_*_b8); Bool to Bool is a byte copy.</summary>
    public static string Copy(DType src, DType dst) =>
        $"copy_{Suffix(src)}_{(dst == DType.Bool && src != DType.Bool ? "b8" : Suffix(dst))}";
    public static string Fill(DType t) => $"fill_{Suffix(t)}";
    public static string Reduce(ReduceOp op, DType t) => op switch
    {
        ReduceOp.ArgMax => $"argreduce_max_{Suffix(t)}",
        ReduceOp.ArgMin => $"argreduce_min_{Suffix(t)}",
        _ => $"reduce_{op.ToString().ToLowerInvariant()}_{Suffix(t)}",
    };
    /// <summary>v3 reductions: one thread per output (not for argmax/argmin).</summary>
    public static string ReduceCols(ReduceOp op, DType t) => $"reduce_cols_{op.ToString().ToLowerInvariant()}_{Suffix(t)}";
    public static string MatMul(DType t, int version) => $"matmul_v{version}_{Suffix(t)}";
    public static bool HasTiledMatMul(DType t) => t is DType.Float32 or DType.Float64;
    /// <summary>The 128x128-tile v3 exists for float32 only.</summary>
    public static bool HasMatMulV3(DType t) => t == DType.Float32;
    public static string IndexSelect(DType t) => $"index_select_{Suffix(t)}";
    public static string IndexAdd(DType t) => $"index_add_{Suffix(t)}";
    /// <summary>Window kernels (conv.cu) exist for float32 and float64 only.</summary>
    public static string Unfold(DType t) => $"unfold_{FloatSuffix(t, "unfold")}";
    public static string Fold(DType t) => $"fold_{FloatSuffix(t, "fold")}";
    public static string MaxPool2d(DType t) => $"max_pool2d_{FloatSuffix(t, "max_pool2d")}";
    public static string MaxPool2dBackward(DType t) => $"max_pool2d_backward_{FloatSuffix(t, "max_pool2d backward")}";
    /// <summary>threshold_backward (activation.cu) exists for float32 and float64 only.</summary>
    public static string ThresholdBackward(DType t) => $"threshold_backward_{FloatSuffix(t, "threshold_backward")}";
    /// <summary>The optimizer step's axpy (optim.cu) exists for float32 and float64 only.</summary>
    public static string AddScaled(DType t) => $"add_scaled_{FloatSuffix(t, "add_ with alpha")}";
    static string FloatSuffix(DType t, string op) =>
        t.IsFloatingPoint() ? Suffix(t) : throw new NotSupportedException($"{op}: needs float32 or float64, got {t.TorchName()}");

    /// <summary>Every kernel name the backend can ask for: tests check each exists in the PTX.</summary>
    public static IEnumerable<string> All()
    {
        foreach (var t in Stored)
        {
            foreach (var op in Enum.GetValues<UnaryOp>())
                if (!op.IsFloatOnly() || t.IsFloatingPoint()) yield return Unary(op, t);
            foreach (var op in Enum.GetValues<BinaryOp>()) yield return Binary(op, t);
            yield return Where(t);
            foreach (var d in Stored.Append(DType.Bool)) yield return Copy(t, d);
            yield return Fill(t);
            foreach (var op in Enum.GetValues<ReduceOp>()) yield return Reduce(op, t);
            foreach (var op in Enum.GetValues<ReduceOp>().Where(o => !o.IsArgReduce())) yield return ReduceCols(op, t);
            yield return MatMul(t, 1);
            if (HasTiledMatMul(t)) yield return MatMul(t, 2);
            if (HasMatMulV3(t)) yield return MatMul(t, 3);
            yield return IndexSelect(t);
            yield return IndexAdd(t);
            if (t.IsFloatingPoint()) { yield return Unfold(t); yield return Fold(t); yield return MaxPool2d(t); }
            if (t.IsFloatingPoint()) yield return ThresholdBackward(t);
            if (t.IsFloatingPoint()) yield return AddScaled(t);
        }
    }

    /// <summary>PTX modules embedded in core (cuda-kernels/ptx/*.ptx), by file name.</summary>
    public static IReadOnlyDictionary<string, string> EmbeddedPtx()
    {
        var asm = typeof(KernelNames).Assembly;
        var r = new Dictionary<string, string>();
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith("ptx/") && n.EndsWith(".ptx")))
        {
            using var s = asm.GetManifestResourceStream(name)!;
            r[name["ptx/".Length..]] = new StreamReader(s).ReadToEnd();
        }
        return r;
    }

    [GeneratedRegex(@"^\.visible \.entry (\w+)\(", RegexOptions.Multiline)]
    private static partial Regex EntryRegex();

    /// <summary>The kernel names a PTX module defines.</summary>
    public static IEnumerable<string> Entries(string ptx) => EntryRegex().Matches(ptx).Select(m => m.Groups[1].Value);

    /// <summary>Size in bytes of a kernel's first (struct) parameter, as the PTX declares it; null when it has none.</summary>
    public static int? FirstParamBytes(string ptx, string kernel)
    {
        var m = Regex.Match(ptx, $@"\.entry {kernel}\(\s*\.param \.align \d+ \.b8 {kernel}_param_0\[(\d+)\]");
        return m.Success ? int.Parse(m.Groups[1].Value) : null;
    }
}
