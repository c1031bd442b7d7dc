// Every fused node against its composed twin (tests/OpCases/FusedTwins.cs): same value, same gradients, in float64.
using Mnist.Scripting.OpCases;

namespace Mnist.Scripting.Tests.Core;

[Parallelizable]
public class FusedTwinTests
{
    static IEnumerable<FusedTwin> Twins => FusedTwins.All;

    [TestCaseSource(nameof(Twins))]
    public void FusedNodeGivesItsCompositionsValueAndGradients(FusedTwin twin)
    {
        for (long seed = 1; seed <= 3; seed++)
        {
            var gap = Gap(twin.Fused, twin.Composed, seed);
            Assert.That(gap.Worst, Is.LessThan(1e-12), $"{twin.Name} seed {seed}: {gap.Where}");
        }
    }

    [Test]
    public void TheComparisonCatchesATwinThatDiffers()
    {
        var linear = FusedTwins.All.Single(t => t.Name == "linear");
        Assert.That(Gap(linear.Fused, x => x[0].MatMul(x[1].T) + x[2] * 1.000001, 1).Worst, Is.GreaterThan(1e-9), "a changed value");
        Assert.That(Gap(linear.Fused, x => x[0].MatMul(x[1].T) + (x[2] * 1.001).Detach() + x[2] * 1e-9, 1).Where, Does.Contain("gradient of input 2"), "a changed gradient");
    }

    [Test]
    public void EveryFusedNodeTheEngineRecordsHasATwin()
    {
        var fusedNodes = new[] { "AddmmBackward0", "LogSoftmaxBackward0", "NllLossBackward0", "ConvolutionBackward0", "MaxPool2DWithIndicesBackward0", "ClampBackward1" };
        var recorded = FusedTwins.All.Select(t =>
        {
            var inputs = t.Fused.Shapes.Select(s => Tensor.Randn(s).To(DType.Float64).RequiresGrad()).ToArray();
            return t.Fused.Fn(inputs).GradFn?.Name;
        }).ToHashSet();
        Assert.That(recorded, Is.SupersetOf(fusedNodes));
    }

    // Largest relative difference over the output and every input's gradient, weighting the output by a fixed random w.
    static (double Worst, string Where) Gap(OpCase fused, Func<Tensor[], Tensor> composed, long seed)
    {
        var g = new Generator(seed);
        var data = fused.DrawInputs(g);
        (Tensor Out, Tensor?[] Grads) Run(Func<Tensor[], Tensor> fn, Tensor? w)
        {
            var inputs = data.Select((d, i) => Tensor.FromArray((double[])d.Clone(), fused.Shapes[i]).RequiresGrad()).ToArray();
            var y = fn(inputs);
            (y * (w ?? Tensor.OnesLike(y))).Sum().Backward();
            return (y.Detach(), inputs.Select(x => x.Grad).ToArray());
        }
        var probe = fused.Fn(data.Select((d, i) => Tensor.FromArray((double[])d.Clone(), fused.Shapes[i])).ToArray());
        var w = Tensor.Rand(probe.Shape.ToArray(), g).To(DType.Float64) - 0.5;
        var (a, ga) = Run(fused.Fn, w);
        var (b, gb) = Run(composed, w);
        var gaps = new List<(double, string)> { (RelGap(a, b), "value") };
        for (int k = 0; k < ga.Length; k++)
            gaps.Add(ga[k] is null || gb[k] is null ? (ga[k] is null == gb[k] is null ? 0 : double.PositiveInfinity, $"gradient of input {k} (one side has none)")
                                                    : (RelGap(ga[k]!, gb[k]!), $"gradient of input {k}"));
        var worst = gaps.MaxBy(p => p.Item1);
        return (worst.Item1, $"{worst.Item2} differs by {worst.Item1:E2}");
    }

    static double RelGap(Tensor a, Tensor b)
    {
        if (!a.Shape.Equals(b.Shape)) return double.PositiveInfinity;
        var (x, y) = (a.ToArray<double>(), b.ToArray<double>());
        double worst = 0;
        for (int i = 0; i < x.Length; i++) worst = Math.Max(worst, Math.Abs(x[i] - y[i]) / Math.Max(1, Math.Abs(y[i])));
        return worst;
    }
}
