// The chapter's three training runs on the real 3s-vs-7s data, with bands (initialisation is random, seeds fixed).
using System.Diagnostics;
using Mnist.Scripting.Data;
using Mnist.Scripting.NN;
using Mnist.Scripting.Optim;
using Mnist.Scripting.Training;

namespace Mnist.Scripting.Tests.Training;

[Category("Mnist")]
public class BookTrainingTests
{
    [OneTimeSetUp]
    public void Data() => MnistFixture.RequireData();

    static DataLoaders Dls() => new(MnistFixture.Batches(MnistFixture.Train), MnistFixture.Batches(MnistFixture.Valid));

    // The book's validate_epoch, but as a global count (fastai's metric) rather than a mean of batch means.
    static double Accuracy(Func<Tensor, Tensor> model)
    {
        using var _ = Tensor.NoGrad();
        var (x, y) = MnistFixture.Valid;
        return F.BatchAccuracy(model(x), y).Item();
    }

    [Test]
    public void LinearModelFromScratchReaches96Percent()
    {
        Tensor.ManualSeed(42);
        Tensor InitParams(params int[] size) => (Tensor.Randn(size) * 1.0).RequiresGrad();
        var weights = InitParams(28 * 28, 1);
        var bias = InitParams(1);
        Tensor Linear1(Tensor xb) => xb.MatMul(weights) + bias;
        var batches = MnistFixture.Batches(MnistFixture.Train);
        var accs = new List<double>();
        var clock = Stopwatch.StartNew();
        for (int epoch = 0; epoch < 20; epoch++)
        {
            foreach (var (xb, yb) in batches)
            {
                F.MnistLoss(Linear1(xb), yb).Backward();
                Sgd.Step([weights, bias], lr: 1.0);
                weights.Grad!.Zero_();
                bias.Grad!.Zero_();
            }
            accs.Add(Accuracy(Linear1));
        }
        TestContext.Out.WriteLine($"linear from scratch, 20 epochs: {clock.Elapsed.TotalSeconds:F2}s; accuracy {string.Join(" ", accs.Select(a => a.ToString("F4")))}");
        Assert.That(accs[^1], Is.GreaterThanOrEqualTo(0.96));
        Assert.That(accs[^1], Is.GreaterThan(accs[0]), "accuracy should improve over training");
    }

    [Test]
    public void LearnerWithLinearReaches96Percent()
    {
        Tensor.ManualSeed(42);
        var output = new StringWriter();
        var learn = new Learner(Dls(), new Linear(28 * 28, 1), Sgd.Create, F.MnistLoss, F.BatchAccuracy) { Output = output };
        var clock = Stopwatch.StartNew();
        learn.Fit(10, lr: 1.0);
        TestContext.Out.WriteLine($"Learner Linear, 10 epochs: {clock.Elapsed.TotalSeconds:F2}s");
        TestContext.Out.WriteLine(output.ToString());
        var acc = learn.Recorder.Column("batch_accuracy");
        Assert.That(acc, Has.Length.EqualTo(10));
        Assert.That(acc[^1], Is.GreaterThanOrEqualTo(0.96));
        // After one unshuffled epoch (all 3s, then all 7s) the model calls everything a 3, as in the book: 1010/2038.
        // Seeds 0-11 all land there exactly.
        Assert.That(acc[0] * 2038, Is.EqualTo(1010).Within(1e-3));
        // Accuracy is a global count over the 2038 validation images: every value is k/2038.
        foreach (var a in acc) Assert.That(a * 2038, Is.EqualTo(Math.Round(a * 2038)).Within(1e-6));
        Assert.That(output.ToString(), Does.StartWith("epoch     train_loss  valid_loss  batch_accuracy  time\n0 "));
    }

    [Test]
    public void SimpleNetReaches98Percent()
    {
        Tensor.ManualSeed(42);
        var simpleNet = new Sequential(new Linear(28 * 28, 30), new ReLU(), new Linear(30, 1));
        Assert.That(simpleNet.Parameters(), Has.Count.EqualTo(4));
        var learn = new Learner(Dls(), simpleNet, Sgd.Create, F.MnistLoss, F.BatchAccuracy) { Output = new StringWriter() };
        var clock = Stopwatch.StartNew();
        learn.Fit(40, lr: 0.1);
        TestContext.Out.WriteLine($"simple_net, 40 epochs: {clock.Elapsed.TotalSeconds:F2}s");
        TestContext.Out.WriteLine(learn.Output.ToString());
        Assert.That(learn.Recorder.Values[^1][2], Is.GreaterThanOrEqualTo(0.98));
        Assert.That(learn.Recorder.Values[^1][1], Is.LessThan(learn.Recorder.Values[0][1]), "valid_loss should fall");
    }
}
