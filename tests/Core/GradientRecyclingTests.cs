// Backward gives the gradients it made and consumed back for reuse; what the user can still reach must stay intact:
// the gradient passed to Backward, leaves' .Grad, and gradients shared by several consumers until the last one.
using Mnist.Scripting.Backends.Cpu;

namespace Mnist.Scripting.Tests.Core;

[NonParallelizable]
public class GradientRecyclingTests
{
    // [64, 128] floats = 32 KB: above the pool's minimum, so every gradient here is a candidate for recycling.
    static Tensor Leaf(int seed) => Tensor.Randn([64, 128], new Generator(seed)).RequiresGrad();

    [Test]
    public void TheGradientPassedToBackwardIsNotRecycled()
    {
        var x = Leaf(1);
        var g = Tensor.Randn([64, 128], new Generator(2));
        var expected = g.ToArray<float>();
        (x * 3.0).Backward(g);
        Assert.That(g.ToArray<float>(), Is.EqualTo(expected));
        Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(expected.Select(v => v * 3f)));
    }

    [Test]
    public void AGradientSharedByTwoConsumersSurvivesTheFirst()
    {
        // x feeds a + b through two paths; Add's backward hands the same gradient to both, and each path reuses it.
        var x = Leaf(3);
        var a = x.Sigmoid();
        var y = (a + a.Relu() + a * 2.0).Sum();
        y.Backward();
        var xs = x.ToArray<float>();
        var expected = xs.Select(v =>
        {
            double s = 1 / (1 + Math.Exp(-v));
            return (float)((1 + (s > 0 ? 1 : 0) + 2) * s * (1 - s));
        }).ToArray();
        Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(expected).Within(1e-5));
    }

    [Test]
    public void LeafGradientsStayValidOverManySteps()
    {
        var w = Leaf(5);
        var x = Tensor.Randn([64, 128], new Generator(6));
        Tensor? first = null;
        long held = 0;
        for (int step = 0; step < 5; step++)
        {
            w.Grad = null;
            ((w * x).Relu() * 2.0).Sum().Backward();
            held = ScratchPool.HeldBytes;   // before ToArray below takes a pooled array for its copy
            first ??= w.Grad!;
            Assert.That(w.Grad!.ToArray<float>(), Is.EqualTo(first.ToArray<float>()), $"step {step}: same inputs, same gradient");
        }
        Assert.That(held, Is.GreaterThan(0), "the step's own gradients went back to the pool");
    }
}
