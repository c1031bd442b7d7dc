// Backward gives the gradients it made and consumed back for reuse; what the user can still reach must stay intact:
// the gradient passed to Backward, leaves' .Grad, and gradients shared by several consumers until the last one. A leaf
// keeps, as its .Grad, a gradient the pass made and no one else holds, instead of a copy of it; clearing a gradient
// that nothing handed out gives its memory back for the next step's, and one that was handed out stays intact.
using Mnist.Scripting.Backends.Cpu;
using Mnist.Scripting.NN;
using Mnist.Scripting.Optim;

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

    [Test]
    public void ALeafKeepsTheGradientItsPassMadeInsteadOfACopy()
    {
        var w = Leaf(7);
        var x = Tensor.Randn([64, 128], new Generator(8));
        var loss = (w * x).Sum();
        long before = Mnist.Scripting.Backends.Storage.NextSerial;
        loss.Backward();
        // Backward makes the loss's gradient (a one), Sum's backward expands it (a view, no buffer) and Mul's backward
        // makes g·x: two buffers. A copy of g·x for w.Grad would be a third.
        Assert.That(Mnist.Scripting.Backends.Storage.NextSerial - before, Is.EqualTo(2), "buffers made by the backward pass");
        Assert.That(w.Grad!.ToArray<float>(), Is.EqualTo(x.ToArray<float>()));
    }

    [Test]
    public void TwoLeavesGivenTheSameGradientGetTheirOwn()
    {
        // Add's backward hands one gradient to both leaves: one may keep it, the other needs a copy.
        var (a, b) = (Leaf(9), Leaf(10));
        ((a + b) * x2()).Sum().Backward();
        a.Grad!.AddInPlace(Tensor.OnesLike(a.Grad));
        Assert.That(b.Grad!.ToArray<float>(), Is.All.EqualTo(2f), "b's gradient changed with a's");
        Assert.That(a.Grad.ToArray<float>(), Is.All.EqualTo(3f));
        static Tensor x2() => Tensor.Full([64, 128], 2.0);
    }

    [Test]
    public void AnExpandedGradientBecomesADenseGradOfItsOwn()
    {
        // Sum's backward is a stride-0 view of one value: the leaf gets a dense copy it can change in place, and the next
        // pass adds to it.
        var w = Leaf(11);
        w.Sum().Backward();
        Assert.That(w.Grad!.IsContiguous, Is.True);
        w.Grad.AddInPlace(Tensor.OnesLike(w.Grad));
        Assert.That(w.Grad.ToArray<float>(), Is.All.EqualTo(2f));
        w.Sum().Backward();
        Assert.That(w.Grad.ToArray<float>(), Is.All.EqualTo(3f));
    }

    [Test]
    public void ATransposedGradientBecomesAGradInTheLeafsLayout()
    {
        // Permute's backward hands back a transposed view of a buffer the pass made: the leaf gets it in its own layout.
        var w = Leaf(12);
        var y = Tensor.Randn([128, 64], new Generator(13));
        (w.T * y).Sum().Backward();
        Assert.That(w.Grad!.IsContiguous, Is.True, "w.Grad kept the transposed view");
        Assert.That(w.Grad.ToArray<float>(), Is.EqualTo(y.T.ToArray<float>()));
    }

    // A [64, 128] weight's gradient (32 KB, poolable) from a batch of 8; the bias's 256 bytes are below the pool's minimum.
    static (Linear Layer, Func<int, Tensor> Loss) Layer()
    {
        var layer = new Linear(128, 64, generator: new Generator(20));
        Tensor Loss(int seed) => layer.Forward(Tensor.Randn([8, 128], new Generator(seed))).Square().Sum();
        return (layer, Loss);
    }

    static float[] WeightGradientFor(int seed)
    {
        var (layer, loss) = Layer();
        loss(seed).Backward();
        return layer.Weight.Grad!.ToArray<float>();
    }

    [Test]
    public void ZeroGradGivesAGradientNoOneSawBackForTheNextStep()
    {
        var (layer, loss) = Layer();
        var opt = new Sgd(layer.Parameters(), 0.0);   // lr 0: the weights stay, so each step's gradient is known
        ScratchPool.Clear();
        loss(21).Backward();
        opt.Step();
        long before = ScratchPool.HeldBytes;
        opt.ZeroGrad();
        Assert.That(ScratchPool.HeldBytes - before, Is.EqualTo(64 * 128 * sizeof(float)), "the weight's gradient went back to the pool");
        loss(22).Backward();
        Assert.That(layer.Weight.Grad!.ToArray<float>(), Is.EqualTo(WeightGradientFor(22)), "the next gradient, in reused memory");
    }

    [Test]
    public void AGradientReadThroughGradStaysIntact()
    {
        var (layer, loss) = Layer();
        var opt = new Sgd(layer.Parameters(), 0.0);
        loss(23).Backward();
        var kept = layer.Weight.Grad!;
        var values = kept.ToArray<float>();
        opt.Step();
        opt.ZeroGrad();
        layer.ZeroGrad();
        loss(24).Backward();
        Assert.That(kept.ToArray<float>(), Is.EqualTo(values), "a gradient the user holds was reused");
        Assert.That(layer.Weight.Grad!.ToArray<float>(), Is.EqualTo(WeightGradientFor(24)));
    }

    sealed class KeepingOptimizer(IEnumerable<Tensor> parameters) : Optimizer(parameters, 0.0)
    {
        public readonly List<(Tensor Grad, float[] Values)> Kept = [];
        protected override void Update(int index, Tensor parameter, Tensor grad) => Kept.Add((grad, grad.ToArray<float>()));
    }

    [Test]
    public void AnOptimizerFromOutsideTheLibraryMayKeepItsGradients()
    {
        var (layer, loss) = Layer();
        var opt = new KeepingOptimizer(layer.Parameters());
        loss(25).Backward();
        opt.Step();
        opt.ZeroGrad();
        loss(26).Backward();
        opt.Step();
        var (grad, values) = opt.Kept[0];
        Assert.That(grad.ToArray<float>(), Is.EqualTo(values), "the first step's weight gradient, kept by the optimizer, was reused");
    }

    [Test]
    public void AGradientTheUserSetIsNeverTheLibrarys()
    {
        var (layer, _) = Layer();
        var mine = Tensor.Ones([64, 128]);
        layer.Weight.Grad = mine;
        layer.Weight.Grad = null;
        layer.Weight.ZeroGrad();
        Assert.That(mine.ToArray<float>(), Is.All.EqualTo(1f));
    }
}
