// ClassificationInterpretation: the confusion matrix, most confused pairs and top losses against direct counts.
using Mnist.Scripting.Data;
using Mnist.Scripting.NN;
using Mnist.Scripting.Optim;
using Mnist.Scripting.Training;

namespace Mnist.Scripting.Tests.Training;

public class InterpretationTests
{
    // Three classes from the sign pattern of two features, learnt a little so that some items are wrong.
    static Learner ThreeClasses(bool withValidation = true, int outputs = 3)
    {
        var g = new Generator(4);
        TensorDataset Split(int n)
        {
            var x = Tensor.Randn([n, 2], g);
            var y = x.Select(1, 0).Gt(0.0).Long() + x.Select(1, 1).Gt(0.0).Long();   // 0, 1 or 2
            return new TensorDataset(x, outputs == 1 ? y.Clamp(max: 1).Float().Unsqueeze(1) : y);
        }
        var train = Split(96);
        IEnumerable<(Tensor X, Tensor Y)> valid = withValidation ? new DataLoader(Split(50), 16) : [];
        var model = new Sequential(new Linear(2, 8, generator: g), new ReLU(), new Linear(8, outputs, generator: g));
        var learn = new Learner(new DataLoaders(new DataLoader(train, 16), valid), model, Adam.Create,
            outputs == 1 ? F.MnistLoss : F.CrossEntropy, outputs == 1 ? F.BatchAccuracy : F.Accuracy) { Output = TextWriter.Null, Progress = ProgressMode.Off };
        if (withValidation) learn.Fit(1, 0.01);
        return learn;
    }

    [Test]
    public void TheMatrixCountsEachItemOnceByActualAndPredictedClass()
    {
        var learn = ThreeClasses();
        var interp = ClassificationInterpretation.FromLearner(learn);
        Assert.That(interp.Targets.Numel, Is.EqualTo(50));
        var (t, p) = (interp.Targets.ToArray<long>(), interp.Predictions.ToArray<long>());
        var cm = interp.ConfusionMatrix();
        Assert.That(cm.Shape.ToArray(), Is.EqualTo(new[] { 3, 3 }));
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                Assert.That(cm[a, b].Item<long>(), Is.EqualTo(Enumerable.Range(0, 50).Count(i => t[i] == a && p[i] == b)), $"cell {a},{b}");
        var confused = interp.MostConfused();
        Assert.That(confused.All(c => c.Actual != c.Predicted && c.Count >= 1), Is.True);
        Assert.That(confused.Select(c => c.Count), Is.Ordered.Descending);
        Assert.That(confused.Sum(c => c.Count), Is.EqualTo(t.Zip(p).Count(q => q.First != q.Second)), "every mistake is in one pair");
        // The probabilities are the model's softmax; each item's loss is the loss function on that item alone.
        using (Tensor.NoGrad())
        {
            var x = interp.Inputs[..1];
            Assert.That(interp.Probabilities[..1].AllClose(learn.Model.Forward(x).Softmax(1)), Is.True);
            Assert.That(interp.Losses[0].Item(), Is.EqualTo(F.CrossEntropy(learn.Model.Forward(x), interp.Targets[..1]).Item()).Within(1e-6));
        }
    }

    [Test]
    public void TopLossesAreTheLargestLossesLargestFirst()
    {
        var interp = ClassificationInterpretation.FromLearner(ThreeClasses());
        var (losses, indices) = interp.TopLosses(5);
        var all = interp.Losses.ToArray<double>();
        Assert.That(losses, Is.EqualTo(all.OrderByDescending(v => v).Take(5).ToArray()));
        Assert.That(indices.Select(i => all[i]), Is.EqualTo(losses));
        Assert.Throws<ArgumentOutOfRangeException>(() => interp.TopLosses(0));
    }

    [Test]
    public void ASingleSigmoidOutputIsReadAsTwoClasses()
    {
        var interp = ClassificationInterpretation.FromLearner(ThreeClasses(outputs: 1));
        Assert.That(interp.Classes, Is.EqualTo(2));
        Assert.That(interp.Probabilities.Sum(1).AllClose(Tensor.OnesLike(interp.Targets).Float()), Is.True, "1 - p and p");
        Assert.That(interp.ConfusionMatrix().Sum().Item<long>(), Is.EqualTo(50));
    }

    [Test]
    public void ALearnerWithoutAValidationSetIsAClearError()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ClassificationInterpretation.FromLearner(ThreeClasses(withValidation: false)));
        Assert.That(e!.Message, Does.StartWith("ClassificationInterpretation.FromLearner: the learner's validation set is empty"));
    }
}
