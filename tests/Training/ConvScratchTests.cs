// The convolution's im2col columns are scratch memory: given back when backward has used them (or at once when nothing
// records), kept while the graph is retained, and never readable once given back.
using Mnist.Scripting.Backends.Cpu;
using Mnist.Scripting.NN;

namespace Mnist.Scripting.Tests.Training;

[NonParallelizable]
public class ConvScratchTests
{
    static (Conv2d Conv, Tensor X) Net(int seed)
    {
        var g = new Generator(seed);
        // Columns [27, 2048] and the output gradient's copy [8, 2, 32, 32] are both at least the pool's 64 KB minimum.
        return (new Conv2d(3, 8, 3, padding: 1, generator: g), Tensor.Randn([2, 3, 32, 32], g).RequiresGrad());
    }

    static (double[] W, double[] B, double[] X) Grads(Conv2d conv, Tensor x) =>
        (conv.Weight.Grad!.ToArray<double>(), conv.Bias!.Grad!.ToArray<double>(), x.Grad!.ToArray<double>());

    [Test]
    public void BackwardWithARetainedGraphRunsTwiceAndAddsTheSameGradients()
    {
        var (conv, x) = Net(3);
        var loss = conv.Forward(x).Square().Sum();
        loss.Backward(retainGraph: true);
        var (w1, b1, x1) = Grads(conv, x);
        loss.Backward();   // the columns were kept for this second pass
        var (w2, b2, x2) = Grads(conv, x);
        Assert.That(w2, Is.EqualTo(w1.Select(v => 2 * v)).Within(1e-6));
        Assert.That(b2, Is.EqualTo(b1.Select(v => 2 * v)).Within(1e-6));
        Assert.That(x2, Is.EqualTo(x1.Select(v => 2 * v)).Within(1e-6));
        Assert.Throws<InvalidOperationException>(() => loss.Backward(), "the graph was spent by the second pass");
    }

    [Test]
    public void ColumnsGivenBackAfterOneStepAreReusedWithoutChangingTheNextStepsGradients()
    {
        // Two identical nets: one steps twice (its second step reuses the first step's columns from the pool), the other
        // computes the second step's gradients on fresh memory after the pool is emptied; they must agree exactly.
        var (a, xa) = Net(11);
        var (b, xb) = Net(11);
        ScratchPool.Clear();
        a.Forward(xa).Square().Sum().Backward();
        long held = ScratchPool.HeldBytes;
        // The columns [27, 2048], their gradient (same size) and the output gradient's [8, 2, 32, 32] transposed copy;
        // and the gradient autograd made and consumed: the output's [2, 8, 32, 32]. The input's [2, 3, 32, 32] is not
        // given back: x.Grad keeps it.
        Assert.That(held, Is.EqualTo((2 * 27 * 2048 + 8 * 2 * 1024 + 2 * 8 * 1024) * sizeof(float)), "scratch went back to the pool after backward");
        foreach (var p in a.Parameters()) p.Grad = null;
        xa.Grad = null;
        var y = a.Forward(xa);
        Assert.That(ScratchPool.HeldBytes, Is.LessThanOrEqualTo(held - 27 * 2048 * sizeof(float)),
            "the second forward took its columns (and its product, the size of a gradient given back) from the pool");
        y.Square().Sum().Backward();
        ScratchPool.Clear();
        b.Forward(xb).Square().Sum().Backward();
        var (wa, ba, xga) = Grads(a, xa);
        var (wb, bb, xgb) = Grads(b, xb);
        Assert.That(wa, Is.EqualTo(wb));
        Assert.That(ba, Is.EqualTo(bb));
        Assert.That(xga, Is.EqualTo(xgb));
    }

    [Test]
    public void WithoutAGraphTheColumnsGoBackAtOnce()
    {
        var (conv, x) = Net(5);
        ScratchPool.Clear();
        using (Tensor.NoGrad()) conv.Forward(x);
        Assert.That(ScratchPool.HeldBytes, Is.EqualTo(27 * 2048 * sizeof(float)), "a no-grad forward gives its columns back before returning");
        ScratchPool.Clear();
        var y = conv.Forward(x);   // recorded: the columns stay with the graph until backward
        Assert.That(ScratchPool.HeldBytes, Is.Zero);
        y.Sum().Backward();
        Assert.That(ScratchPool.HeldBytes, Is.GreaterThanOrEqualTo(27 * 2048 * sizeof(float)));
    }

    [Test]
    public void AScratchTensorGivenBackCannotBeReadOrMultiplied()
    {
        var t = Tensor.Scratch([4, 5], DType.Float32, Device.Cpu);
        var other = Tensor.Ones(5, 3);
        t.ReleaseScratch();
        Assert.Throws(Is.InstanceOf<Exception>(), () => t.ToArray<float>());
        var r = Tensor.Empty([4, 3], DType.Float32);
        var ex = Assert.Throws<InvalidOperationException>(() => t.Backend.MatMul(new(t.storage, [1, 4, 5], [0, 5, 1], 0), other.Raw with { Shape = [1, 5, 3], Strides = [0, 3, 1] }, new(r.storage, [1, 4, 3], [0, 3, 1], 0)));
        Assert.That(ex!.Message, Does.Contain("gemm"));
    }
}
