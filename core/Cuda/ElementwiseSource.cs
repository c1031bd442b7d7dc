// The CUDA instantiations of the elementwise primitives, written from OpTable's rows: cuda-kernels/elementwise.inc is
// this text (cuda-kernels/generate.csx writes it; tests/Cuda/KernelCatalogTests fails when the committed file differs).
using System.Text;
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Cuda;

/// <summary>The generated part of cuda-kernels/elementwise.cu: one UNARY, BINARY or CMP line per op and dtype.</summary>
public static class ElementwiseSource
{
    /// <summary>The file's name beside elementwise.cu, which includes it.</summary>
    public const string FileName = "elementwise.inc";

    static readonly (string Type, string Suffix, bool Float)[] DTypes =
        [("float", "f32", true), ("double", "f64", true), ("i64", "i64", false), ("u8", "u8", false)];

    /// <summary>The text of <see cref="FileName"/>.</summary>
    public static string Text()
    {
        var s = new StringBuilder();
        s.Append("// Generated from core/Backends/OpTable.cs by cuda-kernels/generate.csx: do not edit. Change the table's row,\n");
        s.Append("// then run generate.csx and build.sh (README, \"Adding an op\"). Float-only ops get float32/float64 kernels only.\n");
        s.Append("\n// ---- unary: unary_<op>_<dtype> ----\n");
        foreach (var row in OpTable.Unary)
            foreach (var (type, suffix, isFloat) in DTypes)
            {
                if (row.FloatOnly && !isFloat) continue;
                var expr = isFloat ? row.Cuda : row.CudaInteger
                    ?? throw new InvalidOperationException($"OpTable: {row.TorchName} is not float-only but has no CudaInteger expression");
                s.Append($"UNARY({row.TorchName}, {type}, {suffix}, {Fill(expr, type, suffix)})\n");
            }
        s.Append("\n// ---- binary: binary_<op>_<dtype> ----\n");
        foreach (var row in OpTable.Binary.Where(r => !r.Op.IsComparison()))
            foreach (var (type, suffix, isFloat) in DTypes)
            {
                var expr = (isFloat ? null : row.CudaInteger) ?? row.Cuda
                    ?? throw new InvalidOperationException($"OpTable: {row.TorchName} has no Cuda expression");
                s.Append($"BINARY({row.TorchName}, {type}, {suffix}, {Fill(expr, type, suffix)})\n");
            }
        s.Append("\n// ---- comparisons: cmp_<op>_<dtype>, bool bytes out ----\n");
        foreach (var row in OpTable.Binary.Where(r => r.Op.IsComparison()))
            foreach (var (type, suffix, _) in DTypes)
                s.Append($"CMP({row.TorchName}, {type}, {suffix}, {row.Operator})\n");
        return s.ToString();
    }

    static string Fill(string expr, string type, string suffix) => expr.Replace("{T}", type).Replace("{s}", suffix);
}
