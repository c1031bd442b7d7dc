// Linear's init and shapes, Dropout, Sequential's parameters and printing, train/eval and ZeroGrad.
using Mnist.Scripting.NN;

namespace Mnist.Scripting.Tests.Training;

public class ModuleTests
{
    [Test]
    public void LinearHasPyTorchShapesAndInitBounds()
    {
        Tensor.ManualSeed(0);
        var lin = new Linear(784, 1);
        var ps = lin.Parameters();
        Assert.That(ps.Select(p => p.Shape.ToString()), Is.EqualTo(new[] { "torch.Size([1, 784])", "torch.Size([1])" }));
        double bound = 1 / Math.Sqrt(784);
        var w = lin.Weight.ToArray<float>();
        Assert.That(w.Max(), Is.LessThanOrEqualTo(bound).And.GreaterThan(0.9 * bound), "weights fill U(-1/√784, 1/√784)");
        Assert.That(w.Min(), Is.GreaterThanOrEqualTo(-bound).And.LessThan(-0.9 * bound));
        Assert.That(Math.Abs(w.Average()), Is.LessThan(0.1 * bound), "uniform around 0");
        Assert.That(Math.Abs(lin.Bias!.Item()), Is.LessThanOrEqualTo(bound));
        Assert.That(ps.All(p => p.RequiresGradient && p.IsLeaf));
    }

    [Test]
    public void DropoutZeroesAboutPAndScalesTheRestWhileTraining()
    {
        Tensor.ManualSeed(1);
        var x = Tensor.Ones(200_000);
        var y = new Dropout(0.3).Forward(x).ToArray<float>();
        double zeros = y.Count(v => v == 0) / (double)y.Length;
        Assert.That(zeros, Is.EqualTo(0.3).Within(0.005), "fraction zeroed");
        Assert.That(y.Where(v => v != 0).Distinct(), Is.EqualTo(new[] { (float)(1 / 0.7) }), "kept elements scaled by 1/(1-p)");
        Assert.That(y.Average(v => (double)v), Is.EqualTo(1.0).Within(0.01), "expected value unchanged");
        // The mask follows the seed; the gradient is the same mask, scaled.
        Tensor.ManualSeed(5);
        var a = Tensor.Randn(4, 5).RequiresGrad();
        var ya = F.Dropout(a, 0.5);
        ya.Sum().Backward();
        Assert.That(ya.GradFn!.Name, Is.EqualTo("MulBackward0"));
        Assert.That(a.Grad!.ToArray<float>(), Is.EqualTo((ya.Detach().Ne(0).Float() * 2.0).ToArray<float>()));
    }

    [Test]
    public void DropoutIsTheIdentityInEvalModeAndAtTheEnds()
    {
        var x = Tensor.Randn(3, 4);
        var net = new Sequential(new Linear(4, 4), new Dropout(0.9));
        net.Eval();
        var first = net.Forward(x).ToArray<float>();
        Assert.That(net.Forward(x).ToArray<float>(), Is.EqualTo(first), "eval: no mask");
        Assert.That(F.Dropout(x, 0.5, training: false), Is.SameAs(x));
        Assert.That(F.Dropout(x, 0.0), Is.SameAs(x));
        Assert.That(F.Dropout(x, 1.0).ToArray<float>(), Is.All.EqualTo(0f), "p = 1 keeps nothing");
        net.Train();
        Assert.That(net.Forward(x).ToArray<float>(), Is.Not.EqualTo(first), "training again: masked");
        Assert.That(new Dropout(0.25).ToString(), Is.EqualTo("Dropout(p=0.25, inplace=False)"));
        Assert.That(new Dropout().ToString(), Is.EqualTo("Dropout(p=0.5, inplace=False)"));
        Assert.That(new Dropout(1).ToString(), Is.EqualTo("Dropout(p=1.0, inplace=False)"));
        var e = Assert.Throws<ArgumentException>(() => new Dropout(1.5))!;
        Assert.That(e.Message, Does.Contain("dropout probability has to be between 0 and 1, but got 1.5"));
        Assert.Throws<ArgumentException>(() => F.Dropout(x, double.NaN));
        Assert.Throws<NotSupportedException>(() => F.Dropout(Tensor.Of(1, 2, 3), 0.5));
    }

    [Test]
    public void LinearInitIsReproducibleWithManualSeed()
    {
        Tensor.ManualSeed(7);
        var a = new Linear(10, 3);
        Tensor.ManualSeed(7);
        var b = new Linear(10, 3);
        Assert.That(a.Weight.Equal(b.Weight) && a.Bias!.Equal(b.Bias!));
        Assert.That(new Linear(10, 3).Weight.Equal(a.Weight), Is.False);
    }

    [Test]
    public void LinearComputesXWTransposePlusB()
    {
        var lin = new Linear(2, 1);
        using (Tensor.NoGrad())
        {
            lin.Weight.CopyFrom(Tensor.Of(new[,] { { 2.0, -1.0 } }));
            lin.Bias!.CopyFrom(Tensor.Of(0.5));
        }
        var y = lin.Forward(Tensor.Of(new[,] { { 1.0, 1.0 }, { 3.0, 2.0 } }));
        Assert.That(y.ToArray<float>(), Is.EqualTo(new[] { 1.5f, 4.5f }));
        Assert.That(y.Shape.ToString(), Is.EqualTo("torch.Size([2, 1])"));
        Assert.That(lin.Call(Tensor.Of(new[,] { { 1.0, 1.0 } })).Item(), Is.EqualTo(1.5));
        var ex = Assert.Throws<ShapeException>(() => lin.Forward(Tensor.Zeros(2, 3)));
        Assert.That(ex!.Message, Does.Contain("in_features=2"));
    }

    [Test]
    public void ALayerSizeMismatchNamesTheLayerAndItsPath()
    {
        var net = new Sequential(new Linear(784, 30), new ReLU(), new Linear(31, 1));
        var e = Assert.Throws<ShapeException>(() => net.Forward(Tensor.Zeros(256, 784)));
        Assert.That(e!.Message, Is.EqualTo("Sequential[2]: Linear(31 -> 1) got input [256, 30]: the last dim must be in_features=31; " +
                                            "its input has 30 features: make this layer Linear(30, 1), or change the layer before it"));
        var images = Assert.Throws<ShapeException>(() => net.Forward(Tensor.Zeros(4, 28, 28)));
        Assert.That(images!.Message, Does.StartWith("Sequential[0]: Linear(784 -> 30) got input [4, 28, 28]").And.Contain("flatten the images first"));
        var nested = new Sequential(new Flatten(), new Sequential(new Linear(784, 30), new Linear(29, 1)));
        Assert.That(Assert.Throws<ShapeException>(() => nested.Forward(Tensor.Zeros(2, 28, 28)))!.Message, Does.StartWith("Sequential[1][1]: Linear(29 -> 1) got input [2, 30]"));
        var right = new Sequential(new Linear(784, 30), new ReLU(), new Linear(30, 1));
        Assert.That(right.Forward(Tensor.Zeros(3, 784)).Shape.ToString(), Is.EqualTo("torch.Size([3, 1])"), "twin: the right sizes pass");
    }

    [Test]
    public void SimpleNetHasFourNamedParametersAndPrintsLikePyTorch()
    {
        var net = new Sequential(new Linear(784, 30), new ReLU(), new Linear(30, 1));
        Assert.That(net.NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }));
        Assert.That(net.Parameters().Select(p => p.Shape.ToString()), Is.EqualTo(new[]
            { "torch.Size([30, 784])", "torch.Size([30])", "torch.Size([1, 30])", "torch.Size([1])" }));
        Assert.That(net.ToString(), Is.EqualTo(
            "Sequential(\n" +
            "  (0): Linear(in_features=784, out_features=30, bias=True)\n" +
            "  (1): ReLU()\n" +
            "  (2): Linear(in_features=30, out_features=1, bias=True)\n" +
            ")"));
        Assert.That(net.Forward(Tensor.Zeros(5, 784)).Shape.ToString(), Is.EqualTo("torch.Size([5, 1])"));
    }

    [Test]
    public void EvalAndTrainReachChildren()
    {
        var net = new Sequential(new Linear(2, 2), new Sequential(new ReLU()));
        net.Eval();
        Assert.That(net.Training || net[0].Training || ((Sequential)net[1])[0].Training, Is.False);
        net.Train();
        Assert.That(((Sequential)net[1])[0].Training, Is.True);
    }

    [Test]
    public void GradientsAccumulateUntilZeroGrad()
    {
        // The book's calc_grad twice: the second backward adds to the first.
        var lin = new Linear(3, 1);
        var x = Tensor.Of(new[,] { { 1.0, 2.0, 3.0 } });
        lin.Forward(x).Sum().Backward();
        var once = lin.Weight.Grad!.ToArray<float>();
        Assert.That(once, Is.EqualTo(new[] { 1f, 2f, 3f }));
        lin.Forward(x).Sum().Backward();
        Assert.That(lin.Weight.Grad!.ToArray<float>(), Is.EqualTo(new[] { 2f, 4f, 6f }));
        Assert.That(lin.Bias!.Grad!.Item(), Is.EqualTo(2.0));
        lin.ZeroGrad();
        Assert.That(lin.Weight.Grad, Is.Null);
        lin.Forward(x).Sum().Backward();
        Assert.That(lin.Weight.Grad!.ToArray<float>(), Is.EqualTo(once));
    }

    [Test]
    public void LambdaAndFlattenLayers()
    {
        var m = new Sequential(new Flatten(), new Lambda(x => x * 2.0, "Double"));
        Assert.That(m.Forward(Tensor.Ones(2, 2, 2)).Shape.ToString(), Is.EqualTo("torch.Size([2, 4])"));
        Assert.That(m.ToString(), Does.Contain("(0): Flatten(start_dim=1, end_dim=-1)").And.Contain("(1): Double()"));
    }
}
