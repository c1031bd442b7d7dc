// The op table (core/Backends/OpTable.cs) against everything that restates it: one row per primitive id, the CPU
// kernels against each row's scalar definition, the public op of each id (its grad_fn name, its value), the in-place
// forms and the C# operators. The F# module's mirror is checked in tests/fsharp/OpTableTests.fs.
using System.Reflection;
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Tests.Core;

[Parallelizable]
public class OpTableTests
{
    static readonly double[] Values = [-2.5, -1, -0.25, 0, 0.5, 1, 2, 3.75, double.NaN, 7];
    static readonly double[] Others = [1.5, -1, 2, 0, 0.5, -3, 2, 3.75, 1, double.NaN];
    static readonly DType[] Checked = [DType.Float32, DType.Float64, DType.Int64];

    [Test]
    public void OneRowPerPrimitiveInEnumOrder()
    {
        Assert.That(OpTable.Unary.Select(r => r.Op), Is.EqualTo(Enum.GetValues<UnaryOp>()));
        Assert.That(OpTable.Binary.Select(r => r.Op), Is.EqualTo(Enum.GetValues<BinaryOp>()));
        Assert.That(OpTable.Unary.Select(r => r.TorchName).Concat(OpTable.Binary.Select(r => r.TorchName)), Is.Unique);
    }

    // Integer tensors get the values rounded (NaN becomes 4); as a divisor or exponent, no zero and no negative power,
    // which are errors for integers (IntegerDivisionByZeroAndNegativePowersAreErrors).
    static (double[] Data, bool Integer) Inputs(double[] values, DType t, BinaryOp? rightOf = null)
    {
        bool integer = !t.IsFloatingPoint();
        var data = values.Select(v => integer ? (double.IsNaN(v) ? 4 : Math.Round(v)) : v).ToArray();
        if (integer && rightOf == BinaryOp.Pow) data = data.Select(v => Math.Abs(v) % 4).ToArray();
        if (integer && rightOf == BinaryOp.Div) data = data.Select(v => v == 0 ? 3 : v).ToArray();
        return (data, integer);
    }

    static View ViewOf(double[] data, DType t, int[] shape, int[] strides)
    {
        var host = Tensor.FromArray(data).To(t).ToArray();
        return new View(Backend.Cpu.FromHost(host, t), shape, strides, 0);
    }

    static double[] Read(View v) => new Tensor(v.Storage, v.Shape).Double().ToArray<double>();

    static double Rounded(double v, DType t) => t == DType.Float32 ? (float)v : v;

    static void AssertClose(double[] got, double[] want, DType t, string what)
    {
        double rtol = t == DType.Float32 ? 2e-6 : 1e-14, atol = t == DType.Float32 ? 1e-7 : 1e-15;
        for (int i = 0; i < want.Length; i++)
        {
            bool ok = double.IsNaN(want[i]) ? double.IsNaN(got[i]) : got[i] == want[i] || Math.Abs(got[i] - want[i]) <= atol + rtol * Math.Abs(want[i]);
            Assert.That(ok, Is.True, $"{what} ({t.TorchName()}) at {i}: got {got[i]:R}, the definition gives {want[i]:R}");
        }
    }

    [Test]
    public void CpuUnaryKernelsFollowTheDefinition([ValueSource(nameof(UnaryRows))] UnaryFacts row)
    {
        foreach (var t in Checked.Where(t => !row.FloatOnly || t.IsFloatingPoint()))
        {
            var (data, integer) = Inputs(Values, t);
            // A [5, 2] view of the ten values laid out column-major (strided), as a transpose gives it.
            var x = ViewOf(data, t, [5, 2], [1, 5]);
            var dst = new View(Backend.Cpu.Allocate(t, 10), [5, 2], [2, 1], 0);
            Backend.Cpu.Unary(row.Op, x, dst);
            var want = new double[10];
            for (int i = 0; i < 5; i++)
                for (int j = 0; j < 2; j++)
                    want[i * 2 + j] = Rounded(row.Reference(data[j * 5 + i]), t);
            AssertClose(Read(dst), want, t, row.TorchName);
        }
    }

    [Test]
    public void CpuBinaryKernelsFollowTheDefinition([ValueSource(nameof(BinaryRows))] BinaryFacts row)
    {
        foreach (var t in Checked)
        {
            var (a, integer) = Inputs(Values, t);
            var (b, _) = Inputs(Others, t, rightOf: row.Op);
            // a as [2, 5]; b's first five values broadcast over the rows (stride 0), as the op layer passes them.
            var av = ViewOf(a, t, [2, 5], [5, 1]);
            var bv = ViewOf(b, t, [2, 5], [0, 1]);
            var outType = row.Op.IsComparison() ? DType.Bool : t;
            var dst = new View(Backend.Cpu.Allocate(outType, 10), [2, 5], [5, 1], 0);
            Backend.Cpu.Binary(row.Op, av, bv, dst);
            var want = new double[10];
            for (int i = 0; i < 10; i++)
            {
                double x = a[i], y = b[i % 5];
                want[i] = integer && row.IntegerReference is { } ir ? ir((long)x, (long)y) : Rounded(row.Reference(x, y), outType);
            }
            AssertClose(Read(dst), want, t, row.TorchName);
        }
    }

    [Test]
    public void EachUnaryIdsPublicOpHasTheRowsGradFnAndTheKernelsValues([ValueSource(nameof(UnaryRows))] UnaryFacts row)
    {
        var x = Tensor.Of(0.5, -1.5, 2.0).Double().RequiresGrad();
        var r = x.Apply(row.Op);
        Assert.That(r.GradFn?.Name, Is.EqualTo(row.GradFn), $"{row.MemberName}'s grad_fn");
        var raw = x.Detach().UnaryRaw(row.Op);
        Assert.That(r.Detach().ToArray<double>(), Is.EqualTo(raw.ToArray<double>()), $"{row.MemberName} computes the primitive");
        var member = typeof(Tensor).GetMethod(row.MemberName, Type.EmptyTypes);
        Assert.That(member, Is.Not.Null, $"Tensor.{row.MemberName}() (torch's x.{row.TorchName}())");
        Assert.That(((Tensor)member!.Invoke(x, null)!).Detach().ToArray<double>(), Is.EqualTo(raw.ToArray<double>()));
    }

    [Test]
    public void EachBinaryIdsPublicOpHasTheRowsGradFnAndTheKernelsValues([ValueSource(nameof(BinaryRows))] BinaryFacts row)
    {
        var a = Tensor.Of(0.5, -1.5, 2.0).Double().RequiresGrad();
        var b = Tensor.Of(2.0, 3.0, 0.5).Double().RequiresGrad();
        var r = a.Apply(row.Op, b);
        Assert.That(r.GradFn?.Name, Is.EqualTo(row.GradFn), $"{row.MemberName}'s grad_fn");
        var want = a.Detach().ToArray<double>().Zip(b.Detach().ToArray<double>(), row.Reference).ToArray();
        Assert.That(r.Detach().Double().ToArray<double>(), Is.EqualTo(want), $"{row.MemberName} against the definition");
        var member = typeof(Tensor).GetMethod(row.MemberName, [typeof(Tensor)]);
        Assert.That(member, Is.Not.Null, $"Tensor.{row.MemberName}(Tensor) (torch's a.{row.TorchName}(b))");
        Assert.That(((Tensor)member!.Invoke(a, [b])!).Detach().Double().ToArray<double>(), Is.EqualTo(want));
    }

    static readonly Dictionary<string, string> OperatorMethods = new()
    {
        ["+"] = "op_Addition", ["-"] = "op_Subtraction", ["*"] = "op_Multiply", ["/"] = "op_Division",
        ["<"] = "op_LessThan", ["<="] = "op_LessThanOrEqual", [">"] = "op_GreaterThan", [">="] = "op_GreaterThanOrEqual",
    };

    [Test]
    public void OperatorsAndInPlaceFormsFollowTheTable()
    {
        // (==, != compare whole tensors in C#: Eq and Ne name the elementwise forms, checked as members above.)
        var missing = new List<string>();
        foreach (var row in OpTable.Binary.Where(r => r.Operator is { } o && OperatorMethods.ContainsKey(o)))
            if (typeof(Tensor).GetMethod(OperatorMethods[row.Operator!], [typeof(Tensor), typeof(Tensor)]) is null)
                missing.Add($"operator {row.Operator} (Tensor, Tensor)");
        foreach (var row in OpTable.Binary.Where(r => r.InPlace is not null))
            if (typeof(Tensor).GetMethod(row.MemberName + "_", [typeof(Tensor)]) is null)
                missing.Add($"Tensor.{row.MemberName}_(Tensor)");
        Assert.That(missing, Is.Empty, "the table has rows these mirrors lack");
    }

    [Test]
    public void InPlaceFormsComputeTheirIdsOp([ValueSource(nameof(BinaryRows))] BinaryFacts row)
    {
        if (row.InPlace is null) return;
        var a = Tensor.Of(0.5, -1.5, 2.0).Double();
        var b = Tensor.Of(2.0, 0.5, -4.0).Double();
        var want = a.Apply(row.Op, b).ToArray<double>();
        var inPlace = typeof(Tensor).GetMethod(row.MemberName + "_", [typeof(Tensor)])!;
        var target = a.Clone();
        var returned = (Tensor)inPlace.Invoke(target, [b])!;
        Assert.That(ReferenceEquals(returned, target), Is.True, $"{row.InPlace} returns the tensor it wrote");
        Assert.That(target.ToArray<double>(), Is.EqualTo(want), $"{row.InPlace} on the fast path");
        // The recorded path (a non-leaf that requires grad) writes the same values and takes the id's grad_fn.
        var leaf = a.Clone().RequiresGrad();
        var recorded = leaf * 1.0;
        inPlace.Invoke(recorded, [b]);
        Assert.That(recorded.Detach().ToArray<double>(), Is.EqualTo(want), $"{row.InPlace} while recording");
        Assert.That(recorded.GradFn?.Name, Is.EqualTo(row.GradFn));
    }

    [Test]
    public void IntegerDivisionByZeroAndNegativePowersAreErrors()
    {
        View Longs(params double[] v) => ViewOf(v, DType.Int64, [v.Length], [1]);
        var dst = Longs(0, 0);
        Assert.That(() => Backend.Cpu.Binary(BinaryOp.Div, Longs(1, 2), Longs(1, 0), dst), Throws.TypeOf<DivideByZeroException>());
        Assert.That(() => Backend.Cpu.Binary(BinaryOp.Pow, Longs(1, 2), Longs(1, -1), dst), Throws.ArgumentException.With.Message.Contains("negative integer powers"));
        Assert.That(() => OpTable.Of(BinaryOp.Div).IntegerReference!(1, 0), Throws.TypeOf<DivideByZeroException>());
        Assert.That(() => OpTable.Of(BinaryOp.Pow).IntegerReference!(2, -1), Throws.ArgumentException);
    }

    public static IEnumerable<UnaryFacts> UnaryRows() => OpTable.Unary;
    public static IEnumerable<BinaryFacts> BinaryRows() => OpTable.Binary;
}
