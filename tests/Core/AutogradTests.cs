// Autograd behaviour users rely on: accumulation, ZeroGrad, NoGrad, in-place SGD steps, Detach, grad_fn names.
namespace Mnist.Scripting.Tests.Core;

[Parallelizable]
public class AutogradTests
{
    [Test]
    public void GradientsAccumulateUntilCleared()
    {
        var w = Tensor.Of(1.0, 2.0).RequiresGrad();
        (w * 3).Sum().Backward();
        (w * 3).Sum().Backward();
        Assert.That(w.Grad!.ToArray<float>(), Is.EqualTo(new[] { 6f, 6f }));
        w.Grad.Zero_();
        (w * w).Sum().Backward();
        Assert.That(w.Grad.ToArray<float>(), Is.EqualTo(new[] { 2f, 4f }));
        w.ZeroGrad();
        Assert.That(w.Grad, Is.Null);
    }

    [Test]
    public void SgdStepUpdatesTheLeafInPlace()
    {
        var w = Tensor.Of(1.0, -1.0).RequiresGrad();
        var same = w;
        (w * w).Sum().Backward();
        using (Tensor.NoGrad()) w -= w.Grad! * 0.1;
        Assert.That(ReferenceEquals(w, same), Is.True);
        Assert.That(w.ToArray<float>(), Is.EqualTo(new[] { 0.8f, -0.8f }).Within(1e-6));
        Assert.That(w.RequiresGradient && w.IsLeaf, Is.True);
        w.Data.Sub_(w.Grad!.Data * 0.1);
        Assert.That(w.ToArray<float>(), Is.EqualTo(new[] { 0.6f, -0.6f }).Within(1e-6));
    }

    [Test]
    public void IndexedInPlaceUnderNoGradChangesTheTensor()
    {
        // The book's `with torch.no_grad(): weights[0] *= 1.0001`.
        var w = Tensor.Of(new[,] { { 2.0 }, { 3.0 } }).RequiresGrad();
        using (Tensor.NoGrad()) w[0] *= 2.0;
        Assert.That(w.ToArray<float>(), Is.EqualTo(new[] { 4f, 3f }));
    }

    [Test]
    public void NoGradRecordsNothing()
    {
        var w = Tensor.Ones(2).RequiresGrad();
        Tensor y;
        using (Tensor.NoGrad()) y = w * 2;
        Assert.That(y.RequiresGradient, Is.False);
        Assert.That(y.GradFn, Is.Null);
        Assert.That(Tensor.IsGradEnabled, Is.True);
    }

    [Test]
    public void DetachCutsTheGraph()
    {
        var w = Tensor.Ones(2).RequiresGrad();
        var d = (w * 2).Detach();
        Assert.That(d.RequiresGradient, Is.False);
        var loss = ((w * 2).Detach() * w).Sum();
        loss.Backward();
        Assert.That(w.Grad!.ToArray<float>(), Is.EqualTo(new[] { 2f, 2f }));
    }

    [Test]
    public void GradFnNamesMatchPyTorch()
    {
        var x = Tensor.Ones(2, 3).RequiresGrad();
        var w = Tensor.Ones(3, 1).RequiresGrad();
        Assert.That((x + 1).GradFn!.Name, Is.EqualTo("AddBackward0"));
        Assert.That((x - 1).GradFn!.Name, Is.EqualTo("SubBackward0"));
        Assert.That((1 - x).GradFn!.Name, Is.EqualTo("RsubBackward1"));
        Assert.That((x * 2).GradFn!.Name, Is.EqualTo("MulBackward0"));
        Assert.That((x / 2).GradFn!.Name, Is.EqualTo("DivBackward0"));
        Assert.That(x.Pow(2).GradFn!.Name, Is.EqualTo("PowBackward0"));
        Assert.That(x.Sum().GradFn!.Name, Is.EqualTo("SumBackward0"));
        Assert.That(x.Sum(1).GradFn!.Name, Is.EqualTo("SumBackward1"));
        Assert.That(x.Mean().GradFn!.Name, Is.EqualTo("MeanBackward0"));
        Assert.That(x.Mean(-1).GradFn!.Name, Is.EqualTo("MeanBackward1"));
        Assert.That(x.MatMul(w).GradFn!.Name, Is.EqualTo("MmBackward0"));
        Assert.That(x.Sigmoid().GradFn!.Name, Is.EqualTo("SigmoidBackward0"));
        Assert.That(x.Relu().GradFn!.Name, Is.EqualTo("ReluBackward0"));
        Assert.That(x.View(-1).GradFn!.Name, Is.EqualTo("ViewBackward0"));
        Assert.That(x[0].GradFn!.Name, Is.EqualTo("SelectBackward0"));
        Assert.That(Tensor.Where(x > 0, x, 0.0).GradFn!.Name, Is.EqualTo("WhereBackward0"));
        Assert.That((x * 2).ToString(), Does.EndWith("grad_fn=<MulBackward0>)"));
    }

    [Test]
    public void SharedSubexpressionsSumTheirGradients()
    {
        var x = Tensor.Of(2.0).RequiresGrad();
        var y = x * x;
        (y + y * x).Backward();
        // d/dx (x² + x³) = 2x + 3x² = 16 at x = 2.
        Assert.That(x.Grad!.Item(), Is.EqualTo(16));
    }

    [Test]
    public void ExplicitGradientForNonScalar()
    {
        var x = Tensor.Of(1.0, 2.0).RequiresGrad();
        (x * 3).Backward(Tensor.Of(1.0, 0.5));
        Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new[] { 3f, 1.5f }));
    }

    [Test]
    public void AccuracyHasZeroGradientAlmostEverywhere()
    {
        // The book's point: a step threshold gives no useful gradient.
        var w = Tensor.Of(0.5, -0.5).RequiresGrad();
        var x = Tensor.Of(new[,] { { 1.0, 2.0 }, { 3.0, 1.0 } });
        var acc = (x.MatMul(w) > 0).Float().Mean();
        Assert.That(acc.RequiresGradient, Is.False);
    }
}
