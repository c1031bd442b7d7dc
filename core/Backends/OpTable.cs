// The elementwise primitives' ids and their facts, one row per id: its torch name (which is also the CUDA kernel stem), its
// grad_fn, whether it is float-only, its Python operator, a scalar definition the backends are checked against, its CUDA
// expression and where its gradient is smooth. The op layer, the CPU dispatch, the CUDA kernel names and instantiations
// (cuda-kernels/elementwise.inc is generated from this table), the in-place forms, the gradient and parity cases and the
// mirrors' tests all read it.
namespace Mnist.Scripting.Backends;

/// <summary>Elementwise unary primitives, one row each in <see cref="OpTable.Unary"/>. Float-only ones receive float inputs (the op layer casts).</summary>
public enum UnaryOp { Neg, Abs, Sqrt, Exp, Log, Sigmoid, Relu, Sign, Tanh, Reciprocal }

/// <summary>Elementwise binary primitives, one row each in <see cref="OpTable.Binary"/>; comparisons (Lt and after) write a Bool output.</summary>
public enum BinaryOp { Add, Sub, Mul, Div, Pow, Maximum, Minimum, Lt, Le, Gt, Ge, Eq, Ne }

/// <summary>Where an op's gradient is smooth, so that finite differences can check it: inputs are drawn from there.</summary>
public enum SmoothOn
{
    /// <summary>Everywhere.</summary>
    All,
    /// <summary>Positive inputs only (log, sqrt; divisors and powers' bases).</summary>
    Positive,
    /// <summary>Away from 0, where the op has a kink (abs, relu) or a pole (reciprocal).</summary>
    AwayFromZero,
}

/// <summary>
/// One unary primitive. <see cref="Reference"/> is the math on one float64 value (integer inputs are computed the same
/// way and converted back, exact for the ops allowed on integers); <see cref="GradFn"/> is null when no gradient flows.
/// </summary>
public sealed record UnaryFacts(UnaryOp Op, string TorchName, string? GradFn, bool FloatOnly, Func<double, double> Reference)
{
    /// <summary>The C#/F# member name: torch's in .NET casing (<c>Relu</c>, <c>Sigmoid</c>).</summary>
    public string MemberName => OpTable.Pascal(TorchName);

    /// <summary>The CUDA kernel's value of <c>v</c> for float32 and float64, in CUDA C: <c>{T}</c> stands for the C type, <c>{s}</c> for the dtype suffix.</summary>
    public required string Cuda { get; init; }

    /// <summary>The same for int64 and uint8 (and bool) inputs; null for float-only ops, which have float kernels only.</summary>
    public string? CudaInteger { get; init; }

    /// <summary>Where the gradient is smooth (the gradient check draws its inputs there).</summary>
    public SmoothOn Smooth { get; init; }
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

    /// <summary>
    /// The CUDA kernel's value of <c>x</c> op <c>y</c> for every dtype, in CUDA C (<c>{T}</c>: the C type); null for the
    /// comparisons, whose kernels apply <see cref="Operator"/> and write bool bytes.
    /// </summary>
    public string? Cuda { get; init; }

    /// <summary>What int64 and uint8 kernels compute instead, when it differs from <see cref="Cuda"/>.</summary>
    public string? CudaInteger { get; init; }
}

/// <summary>The table itself: <see cref="Of(UnaryOp)"/> and <see cref="Of(BinaryOp)"/> give a primitive's row.</summary>
public static class OpTable
{
    public static readonly IReadOnlyList<UnaryFacts> Unary =
    [
        new(UnaryOp.Neg, "neg", "NegBackward0", false, x => -x) { Cuda = "-v", CudaInteger = "({T})(-v)" },
        new(UnaryOp.Abs, "abs", "AbsBackward0", false, Math.Abs)
            { Cuda = "({T})__builtin_fabs((double)v)", CudaInteger = "v < 0 ? -v : v", Smooth = SmoothOn.AwayFromZero },
        new(UnaryOp.Sqrt, "sqrt", "SqrtBackward0", true, Math.Sqrt) { Cuda = "sqrt_{s}(v)", Smooth = SmoothOn.Positive },
        new(UnaryOp.Exp, "exp", "ExpBackward0", true, Math.Exp) { Cuda = "({T})exp_d((double)v)" },
        new(UnaryOp.Log, "log", "LogBackward0", true, Math.Log) { Cuda = "({T})log_d((double)v)", Smooth = SmoothOn.Positive },
        new(UnaryOp.Sigmoid, "sigmoid", "SigmoidBackward0", true, x => 1 / (1 + Math.Exp(-x))) { Cuda = "({T})sigmoid_d((double)v)" },
        new(UnaryOp.Relu, "relu", "ReluBackward0", false, x => double.IsNaN(x) ? x : x > 0 ? x : 0)
            { Cuda = "v != v ? v : (v > 0 ? v : ({T})0)", CudaInteger = "v > 0 ? v : 0", Smooth = SmoothOn.AwayFromZero },
        new(UnaryOp.Sign, "sign", null, false, x => double.IsNaN(x) ? x : Math.Sign(x))
            { Cuda = "v != v ? v : (v > 0 ? ({T})1 : v < 0 ? ({T})-1 : ({T})0)", CudaInteger = "({T})((v > 0) - (v < 0))" },
        new(UnaryOp.Tanh, "tanh", "TanhBackward0", true, Math.Tanh) { Cuda = "({T})tanh_d((double)v)" },
        new(UnaryOp.Reciprocal, "reciprocal", "ReciprocalBackward0", true, x => 1 / x) { Cuda = "({T})1 / v", Smooth = SmoothOn.AwayFromZero },
    ];

    public static readonly IReadOnlyList<BinaryFacts> Binary =
    [
        new(BinaryOp.Add, "add", "AddBackward0", "+", "add_", (x, y) => x + y) { Cuda = "({T})(x + y)" },
        new(BinaryOp.Sub, "sub", "SubBackward0", "-", "sub_", (x, y) => x - y) { Cuda = "({T})(x - y)" },
        new(BinaryOp.Mul, "mul", "MulBackward0", "*", "mul_", (x, y) => x * y) { Cuda = "({T})(x * y)" },
        // Integer division by zero cannot raise on the device: its kernel writes 0 (the CPU backend raises).
        new(BinaryOp.Div, "div", "DivBackward0", "/", "div_", (x, y) => x / y,
            (x, y) => y == 0 ? throw new DivideByZeroException("div: integer division by zero") : x / y)
            { Cuda = "x / y", CudaInteger = "y == 0 ? 0 : ({T})(x / y)" },
        // PowBackward1 is torch's node for a tensor exponent, the primitive's case (x ** 2.0 records PowBackward0).
        // Integer powers by squaring on the device (ipow in elementwise.cu); a negative exponent writes 0 there.
        new(BinaryOp.Pow, "pow", "PowBackward1", "**", null, Math.Pow, IntegerPow)
            { Cuda = "({T})pow_d((double)x, (double)y)", CudaInteger = "ipow<{T}>(x, y)" },
        // NaN propagates through maximum/minimum, as torch.maximum does.
        new(BinaryOp.Maximum, "maximum", "MaximumBackward0", null, null, (x, y) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : Math.Max(x, y))
            { Cuda = "x != x ? x : y != y ? y : (x > y ? x : y)" },
        new(BinaryOp.Minimum, "minimum", "MinimumBackward0", null, null, (x, y) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : Math.Min(x, y))
            { Cuda = "x != x ? x : y != y ? y : (x < y ? x : y)" },
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
