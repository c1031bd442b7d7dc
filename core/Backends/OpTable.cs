// The elementwise primitives' ids and their facts, one row per id: its torch name (which is also the CUDA kernel stem), its
// grad_fn, whether it is float-only, its Python operator, and a scalar definition the backends are checked against.
// The op layer, the CPU dispatch, the CUDA kernel names, the in-place forms and the mirrors' tests all read this table.
namespace Mnist.Scripting.Backends;

/// <summary>Elementwise unary primitives, one row each in <see cref="OpTable.Unary"/>. Float-only ones receive float inputs (the op layer casts).</summary>
public enum UnaryOp { Neg, Abs, Sqrt, Exp, Log, Sigmoid, Relu, Sign, Tanh }

/// <summary>Elementwise binary primitives, one row each in <see cref="OpTable.Binary"/>; comparisons (Lt and after) write a Bool output.</summary>
public enum BinaryOp { Add, Sub, Mul, Div, Pow, Maximum, Minimum, Lt, Le, Gt, Ge, Eq, Ne }

/// <summary>
/// One unary primitive. <see cref="Reference"/> is the math on one float64 value (integer inputs are computed the same
/// way and converted back, exact for the ops allowed on integers); <see cref="GradFn"/> is null when no gradient flows.
/// </summary>
public sealed record UnaryFacts(UnaryOp Op, string TorchName, string? GradFn, bool FloatOnly, Func<double, double> Reference)
{
    /// <summary>The C#/F# member name: torch's in .NET casing (<c>Relu</c>, <c>Sigmoid</c>).</summary>
    public string MemberName => OpTable.Pascal(TorchName);
}

/// <summary>
/// One binary primitive. <see cref="Operator"/> is its Python (and C#) operator, null for named functions such as
/// torch.maximum; <see cref="InPlace"/> the torch name of its in-place form (<c>sub_</c>), null when there is none.
/// <see cref="Reference"/> is the math on float64 values; <see cref="IntegerReference"/>, when set, what integer
/// tensors compute instead (truncating division; x / 0 and a negative power are errors, as in torch).
/// </summary>
public sealed record BinaryFacts(BinaryOp Op, string TorchName, string? GradFn, string? Operator, string? InPlace,
                                 Func<double, double, double> Reference, Func<long, long, long>? IntegerReference = null)
{
    /// <summary>The C# member name: torch's in .NET casing (<c>Maximum</c>, <c>Gt</c>).</summary>
    public string MemberName => OpTable.Pascal(TorchName);
}

/// <summary>The table itself: <see cref="Of(UnaryOp)"/> and <see cref="Of(BinaryOp)"/> give a primitive's row.</summary>
public static class OpTable
{
    public static readonly IReadOnlyList<UnaryFacts> Unary =
    [
        new(UnaryOp.Neg, "neg", "NegBackward0", false, x => -x),
        new(UnaryOp.Abs, "abs", "AbsBackward0", false, Math.Abs),
        new(UnaryOp.Sqrt, "sqrt", "SqrtBackward0", true, Math.Sqrt),
        new(UnaryOp.Exp, "exp", "ExpBackward0", true, Math.Exp),
        new(UnaryOp.Log, "log", "LogBackward0", true, Math.Log),
        new(UnaryOp.Sigmoid, "sigmoid", "SigmoidBackward0", true, x => 1 / (1 + Math.Exp(-x))),
        new(UnaryOp.Relu, "relu", "ReluBackward0", false, x => double.IsNaN(x) ? x : x > 0 ? x : 0),
        new(UnaryOp.Sign, "sign", null, false, x => double.IsNaN(x) ? x : Math.Sign(x)),
        new(UnaryOp.Tanh, "tanh", "TanhBackward0", true, Math.Tanh),
    ];

    public static readonly IReadOnlyList<BinaryFacts> Binary =
    [
        new(BinaryOp.Add, "add", "AddBackward0", "+", "add_", (x, y) => x + y),
        new(BinaryOp.Sub, "sub", "SubBackward0", "-", "sub_", (x, y) => x - y),
        new(BinaryOp.Mul, "mul", "MulBackward0", "*", "mul_", (x, y) => x * y),
        new(BinaryOp.Div, "div", "DivBackward0", "/", "div_", (x, y) => x / y,
            (x, y) => y == 0 ? throw new DivideByZeroException("div: integer division by zero") : x / y),
        // PowBackward1 is torch's node for a tensor exponent, the primitive's case (x ** 2.0 records PowBackward0).
        new(BinaryOp.Pow, "pow", "PowBackward1", "**", null, Math.Pow, IntegerPow),
        new(BinaryOp.Maximum, "maximum", "MaximumBackward0", null, null, (x, y) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : Math.Max(x, y)),
        new(BinaryOp.Minimum, "minimum", "MinimumBackward0", null, null, (x, y) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : Math.Min(x, y)),
        new(BinaryOp.Lt, "lt", null, "<", null, (x, y) => x < y ? 1 : 0),
        new(BinaryOp.Le, "le", null, "<=", null, (x, y) => x <= y ? 1 : 0),
        new(BinaryOp.Gt, "gt", null, ">", null, (x, y) => x > y ? 1 : 0),
        new(BinaryOp.Ge, "ge", null, ">=", null, (x, y) => x >= y ? 1 : 0),
        new(BinaryOp.Eq, "eq", null, "==", null, (x, y) => x == y ? 1 : 0),
        new(BinaryOp.Ne, "ne", null, "!=", null, (x, y) => x != y ? 1 : 0),
    ];

    /// <summary>A unary primitive's row (rows are in enum order; tests/Core/OpTableTests checks it).</summary>
    public static UnaryFacts Of(UnaryOp op) => Unary[(int)op];

    /// <summary>A binary primitive's row.</summary>
    public static BinaryFacts Of(BinaryOp op) => Binary[(int)op];

    /// <summary>x ** y on integers as torch computes it: repeated multiplication, wrapping; a negative y is an error.</summary>
    static long IntegerPow(long x, long y)
    {
        if (y < 0) throw new ArgumentException("pow: Integers to negative integer powers are not allowed.");
        long r = 1;
        for (long b = x, e = y; e > 0; e >>= 1, b = unchecked(b * b)) if ((e & 1) == 1) r = unchecked(r * b);
        return r;
    }

    internal static string Pascal(string torchName) => string.Concat(torchName.Split('_').Select(w => w.Length == 0 ? "" : char.ToUpperInvariant(w[0]) + w[1..]));
}
