// Views share storage, slicing follows Python's rules, and index/mask selection copies.
namespace Mnist.Scripting.Tests.Core;

[Parallelizable]
public class ViewAndIndexTests
{
    [Test]
    public void ViewsShareStorage()
    {
        var t = Tensor.Arange(0, 6).Float();
        var v = t.View(2, 3);
        using (Tensor.NoGrad()) v[1, 2] = Tensor.Of(100.0);
        Assert.That(t[5].Item(), Is.EqualTo(100));
        Assert.That(v.T.IsContiguous, Is.False);
        Assert.That(v.T.Stride(), Is.EqualTo(new[] { 1, 3 }));
        Assert.That(v.T.Contiguous().IsContiguous, Is.True);
        Assert.That(t.View(-1, 2).Shape, Is.EqualTo(new Size(3, 2)));
    }

    [Test]
    public void SlicesFollowPython()
    {
        var t = Tensor.Arange(0, 10);
        Assert.That(t[2..5].ToArray<long>(), Is.EqualTo(new long[] { 2, 3, 4 }));
        Assert.That(t[^3..].ToArray<long>(), Is.EqualTo(new long[] { 7, 8, 9 }));
        Assert.That(t[^1].Item<long>(), Is.EqualTo(9));
        Assert.That(t[8..20].ToArray<long>(), Is.EqualTo(new long[] { 8, 9 }));
        Assert.That(t[TensorIndex.Slice(1, null, 3)].ToArray<long>(), Is.EqualTo(new long[] { 1, 4, 7 }));
        Assert.That(t[TensorIndex.NewAxis].Shape, Is.EqualTo(new Size(1, 10)));
        var m = Tensor.Arange(0, 24).View(2, 3, 4);
        Assert.That(m[TensorIndex.Ellipsis, 1].Shape, Is.EqualTo(new Size(2, 3)));
        Assert.That(m[1, .., 2].ToArray<long>(), Is.EqualTo(new long[] { 14, 18, 22 }));
    }

    [Test]
    public void TransposedReshapeCopies()
    {
        var t = Tensor.Arange(0, 6).View(2, 3);
        Assert.That(t.T.Reshape(-1).ToArray<long>(), Is.EqualTo(new long[] { 0, 3, 1, 4, 2, 5 }));
        Assert.Throws<ShapeException>(() => t.T.View(6));
    }

    [Test]
    public void MaskAndIndexSelection()
    {
        var t = Tensor.Of(5, 6, 7, 8);
        Assert.That(t[t > 6].ToArray<long>(), Is.EqualTo(new long[] { 7, 8 }));
        Assert.That(t[Tensor.Of(3, 0, -1)].ToArray<long>(), Is.EqualTo(new long[] { 8, 5, 8 }));
        Assert.That(t.MaskedSelect(t.Lt(6.0)).ToArray<long>(), Is.EqualTo(new long[] { 5 }));
        var m = Tensor.Arange(0, 6).View(3, 2);
        Assert.That(m[Tensor.Of(true, false, true)].ToArray<long>(), Is.EqualTo(new long[] { 0, 1, 4, 5 }));
        Assert.That(m.Nonzero().Shape, Is.EqualTo(new Size(5, 2)));
        using (Tensor.NoGrad()) t[t > 6] = Tensor.Of(0);
        Assert.That(t.ToArray<long>(), Is.EqualTo(new long[] { 5, 6, 0, 0 }));
    }

    [Test]
    public void SqueezeUnsqueezePermuteExpand()
    {
        var t = Tensor.Zeros(2, 1, 3);
        Assert.That(t.Squeeze().Shape, Is.EqualTo(new Size(2, 3)));
        Assert.That(t.Squeeze(1).Shape, Is.EqualTo(new Size(2, 3)));
        Assert.That(t.Squeeze(0).Shape, Is.EqualTo(new Size(2, 1, 3)));
        Assert.That(t.Unsqueeze(-1).Shape, Is.EqualTo(new Size(2, 1, 3, 1)));
        Assert.That(t.Permute(2, 0, 1).Shape, Is.EqualTo(new Size(3, 2, 1)));
        Assert.That(Tensor.Of(1, 2).Expand(3, -1).ToArray<long>(), Is.EqualTo(new long[] { 1, 2, 1, 2, 1, 2 }));
        Assert.That(Tensor.Zeros(2, 3, 4).Flatten(1).Shape, Is.EqualTo(new Size(2, 12)));
    }
}
