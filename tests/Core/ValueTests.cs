// Hand-computed values for every op, in float32 as users meet them.
namespace Mnist.Scripting.Tests.Core;

public class ValueTests
{
    static float[] F(Tensor t) => t.ToArray<float>();
    static Tensor X => Tensor.Of(-2.0, -0.5, 0.0, 1.0, 4.0);

    [Test]
    public void UnaryOps()
    {
        Assert.That(F(-X), Is.EqualTo(new[] { 2f, 0.5f, -0f, -1f, -4f }));
        Assert.That(F(X.Abs()), Is.EqualTo(new[] { 2f, 0.5f, 0f, 1f, 4f }));
        Assert.That(F(X.Relu()), Is.EqualTo(new[] { 0f, 0f, 0f, 1f, 4f }));
        Assert.That(F(X.Sign()), Is.EqualTo(new[] { -1f, -1f, 0f, 1f, 1f }));
        Assert.That(F(Tensor.Of(4.0, 9.0).Sqrt()), Is.EqualTo(new[] { 2f, 3f }));
        Assert.That(F(Tensor.Of(0.0, 1.0).Exp()), Is.EqualTo(new[] { 1f, MathF.E }).Within(1e-6));
        Assert.That(F(Tensor.Of(1.0, MathF.E).Log()), Is.EqualTo(new[] { 0f, 1f }).Within(1e-6));
        Assert.That(F(Tensor.Of(0.0, 2.0).Sigmoid()), Is.EqualTo(new[] { 0.5f, 1 / (1 + MathF.Exp(-2)) }).Within(1e-6));
        Assert.That(F(Tensor.Of(0.0, 1.0).Tanh()), Is.EqualTo(new[] { 0f, MathF.Tanh(1) }).Within(1e-6));
        Assert.That(F(X.Square()), Is.EqualTo(new[] { 4f, 0.25f, 0f, 1f, 16f }));
        Assert.That(F(X.Pow(3)), Is.EqualTo(new[] { -8f, -0.125f, 0f, 1f, 64f }));
        Assert.That(F(X.Clamp(-1, 2)), Is.EqualTo(new[] { -1f, -0.5f, 0f, 1f, 2f }));
    }

    [Test]
    public void ReluGradientIsZeroAtZeroAndNaN()
    {
        // threshold_backward: x > 0 passes the gradient, 0 and NaN (NaN > 0 is false) do not, as in PyTorch.
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var x = Tensor.Of(-2.0, -0.5, 0.0, 1.0, 4.0, double.NaN, -0.0, 1e-30).To(dtype).RequiresGrad();
            (x.Relu() * Tensor.Of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0).To(dtype)).Sum().Backward();
            Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new[] { 0.0, 0, 0, 4, 5, 0, 0, 8 }), dtype.TorchName());
        }
        // A broadcast gradient (stride 0) and a transposed input take the strided loop; 40 elements also cover the SIMD body and tail.
        var t = Tensor.FromArray(Enumerable.Range(0, 40).Select(i => i % 3 == 0 ? 0.0 : i % 3 == 1 ? i : -i).ToArray(), [8, 5]).RequiresGrad();
        t.T.Relu().Sum().Backward();
        Assert.That(t.Grad!.ToArray<double>(), Is.EqualTo(Enumerable.Range(0, 40).Select(i => i % 3 == 1 ? 1.0 : 0.0).ToArray()));
    }

    [Test]
    public void IntegerInputsToFloatMathPromote()
    {
        var e = Tensor.Of(0, 1).Exp();
        Assert.That(e.DType, Is.EqualTo(DType.Float32));
        Assert.That(Tensor.Of(1, 2).Pow(2).ToArray<long>(), Is.EqualTo(new long[] { 1, 4 }));
        Assert.That((Tensor.Of(1, 2) / 2).ToArray<float>(), Is.EqualTo(new[] { 0.5f, 1f }));
    }

    [Test]
    public void BinaryOps()
    {
        var a = Tensor.Of(1.0, 2.0, 3.0);
        var b = Tensor.Of(4.0, 0.5, 3.0);
        Assert.That(F(a + b), Is.EqualTo(new[] { 5f, 2.5f, 6f }));
        Assert.That(F(a - b), Is.EqualTo(new[] { -3f, 1.5f, 0f }));
        Assert.That(F(a * b), Is.EqualTo(new[] { 4f, 1f, 9f }));
        Assert.That(F(a / b), Is.EqualTo(new[] { 0.25f, 4f, 1f }));
        Assert.That(F(a.Pow(b)), Is.EqualTo(new[] { 1f, MathF.Sqrt(2), 27f }).Within(1e-6));
        Assert.That(F(a.Maximum(b)), Is.EqualTo(new[] { 4f, 2f, 3f }));
        Assert.That(F(a.Minimum(b)), Is.EqualTo(new[] { 1f, 0.5f, 3f }));
        Assert.That(F(2 - a), Is.EqualTo(new[] { 1f, 0f, -1f }));
        Assert.That(F(6 / a), Is.EqualTo(new[] { 6f, 3f, 2f }));
        Assert.That(F(a * 2f), Is.EqualTo(F(2f * a)));
    }

    [Test]
    public void ComparisonsAndWhere()
    {
        var a = Tensor.Of(1.0, 2.0, 3.0);
        Assert.That((a > 1.5).ToArray<bool>(), Is.EqualTo(new[] { false, true, true }));
        Assert.That((a <= 2).ToArray<bool>(), Is.EqualTo(new[] { true, true, false }));
        Assert.That(a.Eq(2.0).ToArray<bool>(), Is.EqualTo(new[] { false, true, false }));
        Assert.That(a.Ne(2.0).ToArray<bool>(), Is.EqualTo(new[] { true, false, true }));
        Assert.That((a > 1.5).DType, Is.EqualTo(DType.Bool));
        Assert.That(F(Tensor.Where(a > 1.5, a, -a)), Is.EqualTo(new[] { -1f, 2f, 3f }));
        Assert.That(((a > 1.5) & (a < 2.5)).ToArray<bool>(), Is.EqualTo(new[] { false, true, false }));
        Assert.That((~(a > 1.5)).ToArray<bool>(), Is.EqualTo(new[] { true, false, false }));
    }

    [Test]
    public void Reductions()
    {
        var t = Tensor.Of(new[,] { { 1.0, 5.0, 3.0 }, { 4.0, 2.0, 6.0 } });
        Assert.That(t.Sum().Item(), Is.EqualTo(21));
        Assert.That(F(t.Sum(0)), Is.EqualTo(new[] { 5f, 7f, 9f }));
        Assert.That(F(t.Sum(-1)), Is.EqualTo(new[] { 9f, 12f }));
        Assert.That(t.Sum(1, keepDim: true).Shape, Is.EqualTo(new Size(2, 1)));
        Assert.That(t.Mean().Item(), Is.EqualTo(3.5));
        Assert.That(F(t.Mean(0)), Is.EqualTo(new[] { 2.5f, 3.5f, 4.5f }));
        Assert.That(t.Mean(-1, -2).Item(), Is.EqualTo(3.5));
        Assert.That(t.Max().Item(), Is.EqualTo(6));
        Assert.That(t.Min().Item(), Is.EqualTo(1));
        var (values, indices) = t.Max(1);
        Assert.That(F(values), Is.EqualTo(new[] { 5f, 6f }));
        Assert.That(indices.ToArray<long>(), Is.EqualTo(new long[] { 1, 2 }));
        Assert.That(t.Min(0).Indices.ToArray<long>(), Is.EqualTo(new long[] { 0, 1, 0 }));
        Assert.That(t.ArgMax().Item<long>(), Is.EqualTo(5));
        Assert.That(t.ArgMax(0).ToArray<long>(), Is.EqualTo(new long[] { 1, 0, 1 }));
        Assert.That(Tensor.Of(true, false, true).Sum().ToString(), Is.EqualTo("tensor(2)"));
    }

    [Test]
    public void ReductionsOverAnOuterDimKeepNaN()
    {
        var t = Tensor.Of(new[,] { { 1.0, float.NaN, 3.0 }, { 4.0, 2.0, -6.0 } });
        Assert.That(F(t.Max(0).Values), Is.EqualTo(new[] { 4f, float.NaN, 3f }));
        Assert.That(F(t.Min(0).Values), Is.EqualTo(new[] { 1f, float.NaN, -6f }));
        Assert.That(F(t.Amax(0)), Is.EqualTo(new[] { 4f, float.NaN, 3f }));
        Assert.That(float.IsNaN((float)t.Max().Item()), Is.True);
    }

    [Test]
    public void SumOfManyFloatsStaysAccurate()
    {
        // 1e6 values of 0.1: a naive float32 running sum drifts by ~1%; blocked sums in double do not.
        var t = Tensor.Full([1_000_000], 0.1);
        Assert.That(t.Sum().Item(), Is.EqualTo(100000).Within(1));
        Assert.That(t.Mean().Item(), Is.EqualTo(0.1).Within(1e-6));
    }

    [Test]
    public void MatMulShapesAndValues()
    {
        var a = Tensor.Of(new[,] { { 1.0, 2.0 }, { 3.0, 4.0 } });
        var b = Tensor.Of(new[,] { { 5.0, 6.0 }, { 7.0, 8.0 } });
        Assert.That(F(a.MatMul(b)), Is.EqualTo(new[] { 19f, 22f, 43f, 50f }));
        Assert.That(F(a.MatMul(Tensor.Of(1.0, 1.0))), Is.EqualTo(new[] { 3f, 7f }));
        Assert.That(Tensor.Of(1.0, 2.0).MatMul(Tensor.Of(3.0, 4.0)).Item(), Is.EqualTo(11));
        var batch = Tensor.Rand(6131, 28, 28).MatMul(Tensor.Rand(1, 28, 28));
        Assert.That(batch.Shape.ToString(), Is.EqualTo("torch.Size([6131, 28, 28])"));
        Assert.That(Tensor.Of(new[,] { { 1, 2 }, { 3, 4 } }).MatMul(Tensor.Of(new[,] { { 1, 0 }, { 0, 1 } })).ToArray<long>(), Is.EqualTo(new long[] { 1, 2, 3, 4 }));
    }

    [Test]
    public void CreationFunctions()
    {
        Assert.That(Tensor.Arange(0, 5).ToArray<long>(), Is.EqualTo(new long[] { 0, 1, 2, 3, 4 }));
        Assert.That(Tensor.Arange(1, 10, 3).ToArray<long>(), Is.EqualTo(new long[] { 1, 4, 7 }));
        Assert.That(F(Tensor.Arange(0.0, 1.0, 0.25)), Is.EqualTo(new[] { 0f, 0.25f, 0.5f, 0.75f }));
        Assert.That(F(Tensor.Linspace(-1, 1, 5)), Is.EqualTo(new[] { -1f, -0.5f, 0f, 0.5f, 1f }));
        Assert.That(F(Tensor.Zeros(2, 2)), Is.All.EqualTo(0f));
        Assert.That(F(Tensor.Ones(3)), Is.All.EqualTo(1f));
        Assert.That(F(Tensor.Full([2], 7)), Is.All.EqualTo(7f));
        Assert.That(Tensor.Stack([Tensor.Of(1, 2), Tensor.Of(3, 4)]).ToString(), Is.EqualTo("tensor([[1, 2],\n        [3, 4]])"));
        Assert.That(Tensor.Cat([Tensor.Of(1, 2), Tensor.Of([3])]).ToArray<long>(), Is.EqualTo(new long[] { 1, 2, 3 }));
    }

    [Test]
    public void AddInPlaceWithAlpha()
    {
        var p = Tensor.Of(1.0, 2.0, 3.0);
        Assert.That(F(p.AddInPlace(Tensor.Of(2.0, -4.0, 0.5), -0.5)), Is.EqualTo(new[] { 0f, 4f, 2.75f }));
        var d = Tensor.Of(1.0, 2.0).Double();
        d.Add_(Tensor.Of(0.25, 1.0).Double(), 4);
        Assert.That(d.ToArray<double>(), Is.EqualTo(new[] { 2.0, 6.0 }));
        // Strided destination (the SIMD path needs contiguous rows), a broadcast operand and an int64 tensor go other ways.
        var m = Tensor.Zeros(2, 3);
        m.T.AddInPlace(Tensor.Of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0).View(3, 2), 2);
        Assert.That(F(m), Is.EqualTo(new[] { 2f, 6f, 10f, 4f, 8f, 12f }));
        Assert.That(F(Tensor.Ones(2, 2).AddInPlace(Tensor.Of(1.0, 2.0), -1)), Is.EqualTo(new[] { 0f, -1f, 0f, -1f }));
        var i = Tensor.Of(1, 2);
        Assert.That(i.AddInPlace(Tensor.Of(3, 4), 2).ToArray<long>(), Is.EqualTo(new long[] { 7, 10 }));
        Assert.That(i.DType, Is.EqualTo(DType.Int64));
    }

    [Test]
    public void AddInPlaceWithAlphaIsTheSgdStepBitForBit()
    {
        // p.AddInPlace(g, -lr) must give exactly p - g·lr: the product rounded to float32, then the difference (no fma),
        // over lengths with and without a SIMD tail.
        Tensor.ManualSeed(7);
        foreach (int n in new[] { 1, 7, 33, 1025 })
        {
            var p = Tensor.Randn(n);
            var g = Tensor.Randn(n);
            var expected = p.Clone().SubInPlace(g * 0.0317);
            Assert.That(F(p.Clone().AddInPlace(g, -0.0317)), Is.EqualTo(F(expected)), $"n = {n}");
        }
    }

    [Test]
    public void RandomIsSeededAndDistributed()
    {
        Tensor.ManualSeed(42);
        var a = Tensor.Randn(10000);
        Tensor.ManualSeed(42);
        var b = Tensor.Randn(10000);
        Assert.That(a.Equal(b), Is.True);
        Assert.That(a.Mean().Item(), Is.EqualTo(0).Within(0.05));
        Assert.That(a.Pow(2).Mean().Item(), Is.EqualTo(1).Within(0.05));
        var u = Tensor.Rand(10000);
        Assert.That(u.Min().Item(), Is.GreaterThanOrEqualTo(0));
        Assert.That(u.Max().Item(), Is.LessThan(1));
        Assert.That(Tensor.RandPerm(10).Sort(), Is.EqualTo(Enumerable.Range(0, 10).Select(i => (long)i)));
    }
}

static class TensorTestExtensions
{
    public static long[] Sort(this Tensor t) { var a = t.ToArray<long>(); Array.Sort(a); return a; }
}
