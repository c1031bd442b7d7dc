// SGD arithmetic (plain, momentum, weight decay, Nesterov) and Adam, against values computed by hand.
using Mnist.Scripting.Optim;

namespace Mnist.Scripting.Tests.Training;

public class OptimizerTests
{
    static Tensor Param(params double[] v) => Tensor.FromArray(v).RequiresGrad();

    static void SetGrad(Tensor p, params double[] g) => p.Grad = Tensor.FromArray(g);

    static double[] Values(Tensor p) => p.ToArray<double>();

    [Test]
    public void SgdStepIsPMinusLrTimesGrad()
    {
        var p = Param(1.0, -2.0);
        SetGrad(p, 0.5, -1.0);
        var opt = new Sgd([p], lr: 0.1);
        opt.Step();
        Assert.That(Values(p), Is.EqualTo(new[] { 0.95, -1.9 }).Within(1e-12));
        Assert.That(p.Grad, Is.Not.Null, "Step leaves gradients; ZeroGrad clears them");
        opt.ZeroGrad();
        Assert.That(p.Grad, Is.Null);
        opt.Step(); // no gradient: no change
        Assert.That(Values(p), Is.EqualTo(new[] { 0.95, -1.9 }).Within(1e-12));
    }

    [Test]
    public void StaticSgdStepMatchesTheBooksBasicOptim()
    {
        var w = Param(3.0);
        var b = Param(1.0);
        (w * w + b).Backward(); // dw = 6, db = 1
        Sgd.Step([w, b], lr: 0.5);
        Assert.That(w.Item(), Is.EqualTo(0.0).Within(1e-12));
        Assert.That(b.Item(), Is.EqualTo(0.5).Within(1e-12));
        Assert.That(w.RequiresGradient && w.IsLeaf, "the update happens in place, under NoGrad");
    }

    [Test]
    public void MomentumFollowsPyTorch()
    {
        // buf1 = g1 = 1; p1 = 1 - 0.1·1 = 0.9. buf2 = 0.9·1 + 2 = 2.9; p2 = 0.9 - 0.29 = 0.61.
        var p = Param(1.0);
        var opt = new Sgd([p], lr: 0.1, momentum: 0.9);
        SetGrad(p, 1.0); opt.Step();
        Assert.That(p.Item(), Is.EqualTo(0.9).Within(1e-12));
        SetGrad(p, 2.0); opt.Step();
        Assert.That(p.Item(), Is.EqualTo(0.61).Within(1e-12));
    }

    [Test]
    public void DampeningAndNesterov()
    {
        // Dampening 0.5: buf1 = 1 (first step is undamped), buf2 = 0.9 + 0.5·2 = 1.9; p = 1 - 0.1 - 0.19 = 0.71.
        var p = Param(1.0);
        var opt = new Sgd([p], lr: 0.1, momentum: 0.9, dampening: 0.5);
        SetGrad(p, 1.0); opt.Step();
        SetGrad(p, 2.0); opt.Step();
        Assert.That(p.Item(), Is.EqualTo(0.71).Within(1e-12));
        // Nesterov: d = g + m·buf. Step 1: buf = 1, d = 1.9, p = 0.81. Step 2: buf = 2.9, d = 2 + 2.61 = 4.61, p = 0.349.
        var q = Param(1.0);
        var nes = new Sgd([q], lr: 0.1, momentum: 0.9, nesterov: true);
        SetGrad(q, 1.0); nes.Step();
        Assert.That(q.Item(), Is.EqualTo(0.81).Within(1e-12));
        SetGrad(q, 2.0); nes.Step();
        Assert.That(q.Item(), Is.EqualTo(0.349).Within(1e-12));
    }

    [Test]
    public void WeightDecayAddsToTheGradient()
    {
        // d = g + wd·p = 1 + 0.1·2 = 1.2; p = 2 - 0.5·1.2 = 1.4. With momentum the decayed gradient feeds the buffer.
        var p = Param(2.0);
        SetGrad(p, 1.0);
        new Sgd([p], lr: 0.5, weightDecay: 0.1).Step();
        Assert.That(p.Item(), Is.EqualTo(1.4).Within(1e-12));
        var q = Param(2.0);
        var opt = new Sgd([q], lr: 0.5, momentum: 0.5, weightDecay: 0.1);
        SetGrad(q, 1.0); opt.Step(); // buf = 1.2, q = 1.4
        SetGrad(q, 1.0); opt.Step(); // d = 1.14, buf = 0.6 + 1.14 = 1.74, q = 1.4 - 0.87 = 0.53
        Assert.That(q.Item(), Is.EqualTo(0.53).Within(1e-12));
    }

    [Test]
    public void AdamFirstStepsMatchTheFormula()
    {
        // Step 1: m̂ = g, v̂ = g², so the step is lr·g/(|g| + eps) ≈ lr·sign(g).
        var p = Param(1.0, 1.0);
        var opt = new Adam([p], lr: 0.1);
        SetGrad(p, 2.0, -0.5); opt.Step();
        Assert.That(Values(p), Is.EqualTo(new[] { 0.9, 1.1 }).Within(1e-7));
        // Step 2 by hand for the first element with g = 1.
        SetGrad(p, 1.0, -0.5); opt.Step();
        double m = 0.9 * 0.2 + 0.1 * 1.0, v = 0.999 * 0.004 + 0.001 * 1.0;
        double expected = 0.9 - 0.1 * (m / (1 - 0.81)) / (Math.Sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
        Assert.That(Values(p)[0], Is.EqualTo(expected).Within(1e-9));
    }

    [Test]
    public void AdamWMatchesPyTorchsAdamW()
    {
        // torch.optim.AdamW([p], lr=0.1, weight_decay=0.05) in float64, three steps with these gradients (PyTorch 1.13,
        // Debian's python3-torch): [0.7766789979330607, -1.9936193531670379, 0.41954794287406466].
        var p = Param(1.0, -2.0, 0.5);
        var opt = new AdamW([p], lr: 0.1, weightDecay: 0.05);
        foreach (var g in new[] { new[] { 0.3, -0.1, 0.2 }, new[] { 0.1, 0.4, -0.3 }, new[] { -0.2, 0.2, 0.1 } })
        {
            SetGrad(p, g);
            opt.Step();
        }
        Assert.That(Values(p), Is.EqualTo(new[] { 0.7766789979330607, -1.9936193531670379, 0.41954794287406466 }).Within(1e-14));
    }

    [Test]
    public void AdamWDecaysTheWeightsNotTheGradient()
    {
        // A zero gradient: Adam's L2 decay becomes the whole gradient (a full lr-sized step), AdamW's only shrinks p.
        var a = Param(2.0);
        var w = Param(2.0);
        var adam = new Adam([a], lr: 0.1, weightDecay: 0.5);
        var adamW = new AdamW([w], lr: 0.1, weightDecay: 0.5);
        SetGrad(a, 0.0); adam.Step();
        SetGrad(w, 0.0); adamW.Step();
        Assert.That(Values(a)[0], Is.EqualTo(2.0 - 0.1).Within(1e-7), "Adam: m̂/√v̂ = sign of the decayed gradient");
        Assert.That(Values(w)[0], Is.EqualTo(2.0 * (1 - 0.1 * 0.5)).Within(1e-12), "AdamW: p *= 1 - lr·wd, no Adam step");
        Assert.That(new AdamW([Param(1.0)]).WeightDecay, Is.EqualTo(0.01), "PyTorch's default weight_decay");
        Assert.Throws<ArgumentException>(() => new AdamW([Param(1.0)], weightDecay: -1));
    }

    [Test]
    public void OneAxpyPerTermGivesTheOutOfPlaceFormulasBitForBit()
    {
        // The optimizers add each term with AddInPlace(x, alpha); the formulas they replace, out of place, in float32.
        Tensor.ManualSeed(3);
        var start = Tensor.Randn(37);
        var grads = Enumerable.Range(0, 3).Select(_ => Tensor.Randn(37)).ToArray();
        var p = start.Clone().RequiresGrad();
        var opt = new Sgd([p], lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01);
        var q = start.Clone().RequiresGrad();
        var nes = new Sgd([q], lr: 0.05, momentum: 0.8, weightDecay: 0.01, nesterov: true);
        var a = start.Clone().RequiresGrad();
        var adam = new Adam([a], lr: 0.01, weightDecay: 0.02);
        Tensor rp = start.Clone(), rq = start.Clone(), ra = start.Clone(), bufP = null!, bufQ = null!, m = Tensor.ZerosLike(start), v = Tensor.ZerosLike(start);
        for (int t = 1; t <= grads.Length; t++)
        {
            var g = grads[t - 1];
            p.Grad = g; q.Grad = g; a.Grad = g;
            opt.Step(); nes.Step(); adam.Step();
            var d = g + rp * 0.01;
            bufP = t == 1 ? d.Clone() : bufP * 0.9 + d * (1 - 0.1);
            rp = rp - bufP * 0.05;
            d = g + rq * 0.01;
            bufQ = t == 1 ? d.Clone() : bufQ * 0.8 + d;
            rq = rq - (d + bufQ * 0.8) * 0.05;
            d = g + ra * 0.02;
            m = m * 0.9 + d * (1 - 0.9);
            v = v * 0.999 + d * d * (1 - 0.999);
            double c1 = 1 - Math.Pow(0.9, t), c2 = 1 - Math.Pow(0.999, t);
            ra = ra - m / ((v / c2).Sqrt() + 1e-8) * (0.01 / c1);
        }
        Assert.That(p.ToArray<float>(), Is.EqualTo(rp.ToArray<float>()), "SGD with momentum, dampening and weight decay");
        Assert.That(q.ToArray<float>(), Is.EqualTo(rq.ToArray<float>()), "Nesterov SGD");
        Assert.That(a.ToArray<float>(), Is.EqualTo(ra.ToArray<float>()), "Adam with weight decay");
    }

    [Test]
    public void OptimizersRejectBadArguments()
    {
        Assert.Throws<ArgumentException>(() => new Sgd([], 0.1));
        Assert.Throws<ArgumentException>(() => new Sgd([Tensor.Zeros(2)], 0.1));
        Assert.Throws<ArgumentException>(() => new Sgd([Param(1.0)], -1));
        Assert.Throws<ArgumentException>(() => new Sgd([Param(1.0)], 0.1, nesterov: true));
    }
}
