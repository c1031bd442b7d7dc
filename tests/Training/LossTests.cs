// The functional losses against hand-computed values, and a float64 finite-difference check of their gradients.
using Mnist.Scripting.NN;

namespace Mnist.Scripting.Tests.Training;

[Parallelizable]
public class LossTests
{
    [Test]
    public void CrossEntropyMatchesHandComputedValue()
    {
        // Row 0: logits [1, 2, 3], class 2: -log(e³/(e+e²+e³)). Row 1: [0, 0, 0], class 0: log 3.
        var logits = Tensor.Of(new[,] { { 1.0, 2.0, 3.0 }, { 0.0, 0.0, 0.0 } });
        var target = Tensor.Of(2, 0);
        double row0 = -3 + Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3));
        double expected = (row0 + Math.Log(3)) / 2;
        Assert.That(F.CrossEntropy(logits, target).Item(), Is.EqualTo(expected).Within(1e-6));
        Assert.That(F.CrossEntropy(logits, target.Unsqueeze(1)).Item(), Is.EqualTo(expected).Within(1e-6), "[N, 1] targets work too");
    }

    // PyTorch raises "Target 10 is out of bounds"; a one-hot pick would add 0 for such a row, a silently wrong loss.
    [TestCase(10L, "Target 10 is out of bounds", "out_features=11")]
    [TestCase(-1L, "Target -1 is out of bounds", "start at 0")]
    public void CrossEntropyRefusesAClassOutsideTheOutputs(long bad, string what, string hint)
    {
        var logits = Tensor.Randn(3, 10);
        var e = Assert.Throws<IndexOutOfRangeException>(() => F.CrossEntropy(logits, Tensor.FromArray(new[] { 1L, bad, 2L })));
        Assert.That(e!.Message, Does.StartWith("nll_loss: ").And.Contain(what).And.Contain("0..9").And.Contain(hint));
        Assert.That(F.CrossEntropy(logits, Tensor.FromArray(new[] { 1L, 9L, 2L })).Item(), Is.GreaterThan(0), "the last class is in range");
    }

    [Test]
    public void CrossEntropyIsStableForLargeLogits()
    {
        var logits = Tensor.Of(new[,] { { 1000.0, 0.0 }, { -1000.0, 1000.0 } });
        var loss = F.CrossEntropy(logits, Tensor.Of(1, 1)).Item();
        Assert.That(loss, Is.EqualTo(500.0).Within(1e-3), "row 0 costs 1000, row 1 costs 0");
    }

    [Test]
    public void CrossEntropyGradientMatchesFiniteDifferences()
    {
        var gen = new Generator(3);
        var x = Tensor.Randn([4, 5], gen).Double().RequiresGrad();
        var target = Tensor.Of(0, 3, 4, 1);
        F.CrossEntropy(x, target).Backward();
        var analytic = x.Grad!.ToArray<double>();
        // The known closed form too: (softmax - onehot) / N.
        var soft = x.Detach().Softmax(1).ToArray<double>();
        var t = target.ToArray<long>();
        var values = x.Detach().ToArray<double>();
        const double h = 1e-6;
        for (int i = 0; i < values.Length; i++)
        {
            double Loss(double delta)
            {
                var v = (double[])values.Clone();
                v[i] += delta;
                return F.CrossEntropy(Tensor.FromArray(v, 4, 5), target).Item();
            }
            double numeric = (Loss(h) - Loss(-h)) / (2 * h);
            Assert.That(analytic[i], Is.EqualTo(numeric).Within(1e-6), $"d loss / d x[{i}]");
            double closed = (soft[i] - (t[i / 5] == i % 5 ? 1 : 0)) / 4;
            Assert.That(analytic[i], Is.EqualTo(closed).Within(1e-9));
        }
    }

    [Test]
    public void CrossEntropyIsOneNodeSpentByItsBackward()
    {
        // PyTorch prints cross_entropy's result with grad_fn=<NllLossBackward0>; a second backward without retainGraph
        // fails there too, since the node saved the log-probabilities.
        var x = Tensor.Randn(3, 4).RequiresGrad();
        var loss = F.CrossEntropy(x, Tensor.Of(0, 3, 1));
        Assert.That(loss.GradFn!.Name, Is.EqualTo("NllLossBackward0"));
        Assert.That(loss.GradFn.NextFunctions.Single(), Is.SameAs(x.GetAccumulator()), "straight to x: no log_softmax node in between");
        loss.Backward();
        Assert.Throws<InvalidOperationException>(() => loss.Backward());
        var again = F.CrossEntropy(x, Tensor.Of(0, 3, 1));
        again.Backward(retainGraph: true);
        Assert.DoesNotThrow(() => again.Backward());
    }

    [Test]
    public void BinaryCrossEntropyWithAndWithoutLogits()
    {
        var p = Tensor.Of(0.9, 0.2);
        var y = Tensor.Of(1.0, 0.0);
        double expected = -(Math.Log(0.9) + Math.Log(0.8)) / 2;
        Assert.That(F.BinaryCrossEntropy(p, y).Item(), Is.EqualTo(expected).Within(1e-6));
        var logits = Tensor.Of(Math.Log(9), Math.Log(0.25)); // sigmoid gives 0.9 and 0.2
        Assert.That(F.BinaryCrossEntropyWithLogits(logits, y).Item(), Is.EqualTo(expected).Within(1e-6));
        // Saturated inputs stay finite: log is clamped at -100, and the logits form never overflows.
        Assert.That(F.BinaryCrossEntropy(Tensor.Of(0.0), Tensor.Of(1.0)).Item(), Is.EqualTo(100.0).Within(1e-4));
        Assert.That(F.BinaryCrossEntropyWithLogits(Tensor.Of(-200.0), Tensor.Of(1.0)).Item(), Is.EqualTo(200.0).Within(1e-3));
    }

    [Test]
    public void BinaryCrossEntropyWithLogitsGradientIsSigmoidMinusTarget()
    {
        var x = Tensor.Of(-2.0, 0.5, 3.0).Double().RequiresGrad();
        var y = Tensor.Of(1.0, 0.0, 1.0).Double();
        F.BinaryCrossEntropyWithLogits(x, y).Backward();
        var expected = ((x.Detach().Sigmoid() - y) / 3.0).ToArray<double>();
        Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void MseAndL1MatchTheBook()
    {
        var a = Tensor.Of(1.0, 2.0, 4.0);
        var b = Tensor.Of(2.0, 2.0, 2.0);
        Assert.That(F.MseLoss(a, b).Item(), Is.EqualTo(5.0 / 3).Within(1e-6));
        Assert.That(F.L1Loss(a, b).Item(), Is.EqualTo(1.0).Within(1e-6));
        var ex = Assert.Throws<ShapeException>(() => F.MseLoss(Tensor.Zeros(3, 1), Tensor.Zeros(3)));
        Assert.That(ex!.Message, Does.Contain("mse_loss").And.Contain("[3, 1]"));
    }

    [Test]
    public void MnistLossAndBatchAccuracyMatchTheBook()
    {
        // The book feeds probabilities to the where-form; MnistLoss sigmoids first, so feed logits of those probabilities.
        static Tensor Logit(params double[] p) => Tensor.FromArray(p.Select(v => (float)Math.Log(v / (1 - v))).ToArray());
        var trgts = Tensor.Of(1, 0, 1);
        Assert.That(F.MnistLoss(Logit(0.9, 0.4, 0.2), trgts).Item(), Is.EqualTo(0.4333).Within(1e-4));
        Assert.That(F.MnistLoss(Logit(0.9, 0.4, 0.8), trgts).Item(), Is.EqualTo(0.2333).Within(1e-4));
        // The book's batch of 4: preds [-11.1002, 5.9263, 9.9627, -8.1484] against targets [1, 1, 1, 1] gives 0.5.
        var preds = Tensor.Of(-11.1002, 5.9263, 9.9627, -8.1484).View(4, 1);
        Assert.That(F.BatchAccuracy(preds, Tensor.Of(1, 1, 1, 1).View(4, 1)).Item(), Is.EqualTo(0.5));
    }

    [Test]
    public void MultiClassAccuracy()
    {
        var preds = Tensor.Of(new[,] { { 0.1, 0.9 }, { 0.8, 0.2 }, { 0.3, 0.7 } });
        Assert.That(F.Accuracy(preds, Tensor.Of(1, 0, 0)).Item(), Is.EqualTo(2.0 / 3).Within(1e-6));
    }
}
