// Autograd's safety checks, as PyTorch makes them: saved tensors modified in place, a second backward, in-place ops on
// leaves and their views. Each refusal has a twin that must keep working (the chapter's NoGrad SGD step among them).
namespace Mnist.Scripting.Tests.Core;

[Parallelizable]
public class VersionCounterTests
{
    // Each refusal is the exact kind PyTorch's RuntimeError maps to here: InvalidOperationException for autograd's own
    // checks, NotSupportedException for the recorded writes through views that we refuse instead of rebasing.
    static string Message(Action act) => Assert.Throws<InvalidOperationException>(() => act())!.Message;
    static string Unsupported(Action act) => Assert.Throws<NotSupportedException>(() => act())!.Message;

    [Test]
    public void ASavedOutputModifiedUnderNoGradFailsBackward()
    {
        var x = Tensor.Of(1.0, 2.0, 3.0).RequiresGrad();
        var y = x.Sigmoid();
        using (Tensor.NoGrad()) y.MulInPlace(0);
        Assert.That(Message(() => y.Sum().Backward()), Does.StartWith(
            "one of the variables needed for gradient computation has been modified by an inplace operation: " +
            "[torch.FloatTensor [3]], which is output 0 of SigmoidBackward0, is at version 1; expected version 0 instead."));
        Assert.That(x.Grad, Is.Null, "no gradient was written");
    }

    [Test]
    public void ASavedInputModifiedAfterTheForwardFailsBackward()
    {
        var x = Tensor.Of(1.0, 2.0, 3.0).RequiresGrad();
        var w = Tensor.Full([3], 2.0);
        var loss = (x * w).Sum();
        w.Fill_(100);
        Assert.That(Message(() => loss.Backward()), Does.StartWith(
            "one of the variables needed for gradient computation has been modified by an inplace operation: " +
            "[torch.FloatTensor [3]] is at version 1; expected version 0 instead."));
        Assert.That(x.Grad, Is.Null);
    }

    [Test]
    public void AModifiedSavedIndexTensorFailsBackward()
    {
        var x = Tensor.Arange(0, 6).Float().RequiresGrad();
        var idx = Tensor.Of(0L, 2L);
        var y = x.IndexSelect(0, idx);
        idx.Fill_(5);
        Assert.That(Message(() => y.Sum().Backward()), Does.Contain("[torch.LongTensor [2]] is at version 1; expected version 0"));
    }

    [Test]
    public void TwinModifyingATensorNoOpSavedIsFine()
    {
        // Add saves nothing, so PyTorch lets the operand change before backward; so do we.
        var x = Tensor.Of(1.0, 2.0).RequiresGrad();
        var c = Tensor.Of(5.0, 5.0);
        var y = (x + c).Sum();
        c.Fill_(3);
        y.Backward();
        Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new[] { 1f, 1f }));
        Assert.That(c.Version, Is.EqualTo(1));
    }

    [Test]
    public void TwinSgdStepsUnderNoGradBetweenBackwardsKeepWorking()
    {
        // The chapter's loop: forward, backward, update the leaf in place, clear the gradient, again.
        var w = Tensor.Of(1.0, -2.0).RequiresGrad();
        var x = Tensor.Of(3.0, 4.0);
        for (int step = 0; step < 5; step++)
        {
            ((w * x).Sum().Pow(2)).Backward();
            using (Tensor.NoGrad()) { w -= w.Grad! * 0.01; w[0] *= 1.0; }
            w.Grad!.Zero_();
        }
        Assert.That(w.Version, Is.EqualTo(10), "each in-place write bumps the version once");
        Assert.That(w.IsLeaf && w.RequiresGradient, Is.True);
        Assert.That(w.Grad!.ToArray<float>(), Is.EqualTo(new[] { 0f, 0f }));
    }

    [Test]
    public void BackwardTwiceThroughSavedTensorsFails()
    {
        var x = Tensor.Of(3.0, 4.0, 10.0).RequiresGrad();
        var y = x.Pow(2).Sum();
        y.Backward();
        Assert.That(Message(() => y.Backward()), Does.StartWith("Trying to backward through the graph a second time").And.Contain("retainGraph: true"));
        Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new[] { 6f, 8f, 20f }), "the failed second pass added nothing");
    }

    [Test]
    public void TwinRetainGraphAllowsASecondBackward()
    {
        var x = Tensor.Of(3.0, 4.0, 10.0).RequiresGrad();
        var y = x.Pow(2).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new[] { 12f, 16f, 40f }));
        Assert.Throws<InvalidOperationException>(() => y.Backward(), "the second pass did not retain the graph");
    }

    [Test]
    public void TwinAGraphThatSavedNothingRunsTwiceAsInPyTorch()
    {
        var x = Tensor.Of(1.0, 2.0).RequiresGrad();
        var y = (x + 1).Sum();
        y.Backward();
        y.Backward();
        Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new[] { 2f, 2f }));
    }

    [Test]
    public void InPlaceOnAViewOfALeafFails()
    {
        var b = Tensor.Of(1.0, 2.0).RequiresGrad();
        Assert.That(Message(() => b[0].Fill_(5)), Does.Contain("a view of a leaf Variable that requires grad is being used in an in-place operation"));
        Assert.That(Message(() => b[0..1].AddInPlace(1.0)), Does.Contain("a view of a leaf Variable that requires grad"));
        Assert.That(Message(() => b.View(2, 1).MulInPlace(2.0)), Does.Contain("a view of a leaf Variable that requires grad"));
        Assert.That(b.ToArray<float>(), Is.EqualTo(new[] { 1f, 2f }), "nothing was written");
        using (Tensor.NoGrad()) b[0].Fill_(5);
        Assert.That(b.ToArray<float>(), Is.EqualTo(new[] { 5f, 2f }), "twin: under NoGrad the view writes through");
    }

    [Test]
    public void RecordedInPlaceOnANonLeafWritesThroughAndDifferentiates()
    {
        var x = Tensor.Of(1.0, 2.0).RequiresGrad();
        var y = x * 2;
        var alias = y.Detach();
        y.MulInPlace(3.0);
        Assert.That(y.GradFn!.Name, Is.EqualTo("MulBackward0"));
        Assert.That(alias.ToArray<float>(), Is.EqualTo(new[] { 6f, 12f }), "tensors sharing the storage see the update");
        y.Sum().Backward();
        Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new[] { 6f, 6f }));
    }

    [Test]
    public void RecordedInPlaceOnASavedOutputFailsAsInPyTorch()
    {
        var x = Tensor.Of(0.5, 1.0).RequiresGrad();
        var y = x.Sigmoid();
        y.MulInPlace(2.0);
        Assert.That(Message(() => y.Sum().Backward()), Does.Contain("which is output 0 of SigmoidBackward0, is at version 1; expected version 0"));
    }

    [Test]
    public void AViewTakenBeforeARecordedInPlaceOnItsBaseIsRefused()
    {
        var x = Tensor.Of(1.0, 2.0).RequiresGrad();
        var y = x * 2;
        var v = y[0];
        y.MulInPlace(3.0);
        Assert.That(Message(() => (v * 1.0).Backward()), Does.Contain("grad_fn is out of date"));
        var fresh = y[0];
        (fresh * 1.0).Backward();
        Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new[] { 6f, 0f }), "twin: a view taken after the update differentiates through it");
    }

    [Test]
    public void RecordedWritesTheGraphCannotSeeAreRefused()
    {
        var x = Tensor.Of(1.0, 2.0).RequiresGrad();
        var y = x * 2;
        Assert.That(Unsupported(() => y[0].MulInPlace(3.0)), Does.Contain("in-place op on a view while recording gradients is not supported"));
        Assert.That(Unsupported(() => y.CopyFrom(Tensor.Zeros(2))), Does.Contain("copy_: writing into a tensor that takes part in the autograd graph"));
        Assert.That(Unsupported(() => Tensor.Zeros(2).CopyFrom(y)), Does.Contain("copy_: writing into a tensor that takes part in the autograd graph"));
        Assert.That(Unsupported(() => y.Fill_(0)), Does.Contain("fill_: filling a tensor that takes part in the autograd graph"));
        Assert.That(Unsupported(() => y[y.Gt(3.0)] = Tensor.Of(0.0)), Does.Contain("index_put_"));
        Assert.That(Unsupported(() => y[0] = Tensor.Of(5.0)), Does.Contain("index_put_: assigning into a tensor that takes part in the autograd graph"));
        Assert.That(Unsupported(() => Tensor.Zeros(2)[0] = x[0]), Does.Contain("index_put_"), "a value that needs a gradient is refused too");
        Tensor noGradView;
        using (Tensor.NoGrad()) noGradView = y[1];
        Assert.That(Message(() => noGradView.MulInPlace(3.0)), Does.Contain("A view was created in no_grad mode and is being modified inplace with grad mode enabled"));
        Assert.That(y.ToArray<float>(), Is.EqualTo(new[] { 2f, 4f }), "nothing was written");
        var buf = Tensor.Zeros(2);
        using (Tensor.NoGrad()) buf.CopyFrom(y);
        Assert.That(buf.ToArray<float>(), Is.EqualTo(new[] { 2f, 4f }), "twin: under NoGrad the copy is a plain copy");
    }

    [Test]
    public void AViewWithoutAGraphTakenBeforeARecordedInPlaceOnItsBaseIsRefused()
    {
        // The view needs no gradient of its own, but after the recorded update its values depend on w.
        var w = Tensor.Of(1.0, 2.0).RequiresGrad();
        var a = Tensor.Zeros(2);
        var v = a[0];
        a.AddInPlace(w);
        Assert.That(Message(() => (v * 3.0).Sum()), Does.Contain("out of date"));
        var fresh = a[0];
        (fresh * 3.0).Backward();
        Assert.That(w.Grad!.ToArray<float>(), Is.EqualTo(new[] { 3f, 0f }), "twin: a view taken after the update carries the gradient");
    }

    [Test]
    public void AddInPlaceWithAlphaFollowsTheInPlaceRules()
    {
        var w = Tensor.Of(1.0, 2.0).RequiresGrad();
        Assert.That(Message(() => w.AddInPlace(Tensor.Ones(2), -0.5)), Does.StartWith("add_: a leaf Variable that requires grad"));
        Assert.That(Message(() => w[0].AddInPlace(Tensor.Of(1.0), -0.5)), Does.StartWith("add_: a view of a leaf Variable"));
        Assert.That(w.Version, Is.EqualTo(0));
        using (Tensor.NoGrad()) w.AddInPlace(Tensor.Ones(2), -0.5);
        Assert.That(w.ToArray<float>(), Is.EqualTo(new[] { 0.5f, 1.5f }), "twin: under NoGrad it writes directly");
        Assert.That(w.Version, Is.EqualTo(1));
        Assert.That(w.IsLeaf && w.GradFn is null, Is.True);
        // Recorded on a non-leaf: y = 2x + 3w, both gradients flow.
        var x = Tensor.Of(1.0, 2.0).RequiresGrad();
        var y = x * 2;
        y.AddInPlace(w, 3);
        y.Sum().Backward();
        Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new[] { 2f, 2f }));
        Assert.That(w.Grad!.ToArray<float>(), Is.EqualTo(new[] { 3f, 3f }));
        Assert.That(Unsupported(() => (x * 2)[0].AddInPlace(Tensor.Of(1.0), 2)), Does.Contain("in-place op on a view while recording gradients"));
    }

    [Test]
    public void AFailedInPlaceLeavesTheVersionAlone()
    {
        var t = Tensor.Zeros(2, 3);
        Assert.Catch(() => t.AddInPlace(Tensor.Zeros(4)));
        Assert.That(t.Version, Is.EqualTo(0));
        t.AddInPlace(Tensor.Ones(3));
        Assert.That(t.Version, Is.EqualTo(1));
        Assert.That(t[0].Version, Is.EqualTo(1), "views share the version counter");
    }
}
