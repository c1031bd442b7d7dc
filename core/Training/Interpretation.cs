// fastai's ClassificationInterpretation: a learner's predictions on its whole validation set, and what they show
// (the confusion matrix, the most confused pairs, the items with the largest loss). The pictures are the prelude's.
namespace Mnist.Scripting.Training;

/// <summary>
/// <c>ClassificationInterpretation.FromLearner(learn)</c>: every validation item's input, probabilities, decoded class,
/// target and loss. Ten-way outputs are read through softmax; a single output (the chapter's 3-vs-7 model) through
/// sigmoid as class 1 against class 0.
/// </summary>
public sealed class ClassificationInterpretation
{
    ClassificationInterpretation(Tensor inputs, Tensor probs, Tensor targets, Tensor losses)
    {
        Inputs = inputs;
        Probabilities = probs;
        Targets = targets;
        Losses = losses;
        Predictions = probs.ArgMax(1);
    }

    /// <summary>The validation inputs, in order [N, ...].</summary>
    public Tensor Inputs { get; }

    /// <summary>[N, C]: each item's probability for each class.</summary>
    public Tensor Probabilities { get; }

    /// <summary>[N]: the class each item is (Int64).</summary>
    public Tensor Targets { get; }

    /// <summary>[N]: the class the model picks (the largest probability).</summary>
    public Tensor Predictions { get; }

    /// <summary>[N]: each item's own loss, the learner's loss function on that item alone.</summary>
    public Tensor Losses { get; }

    public int Classes => Probabilities.Size(1);

    /// <summary>Runs the learner's model over its whole validation set without a graph (fastai's interp = ...from_learner(learn)).</summary>
    public static ClassificationInterpretation FromLearner(Learner learn)
    {
        var xs = new List<Tensor>();
        var preds = new List<Tensor>();
        var ys = new List<Tensor>();
        var losses = new List<double>();
        bool training = learn.Model.Training;
        learn.Model.Eval();
        try
        {
            using (Tensor.NoGrad())
                foreach (var (x, y) in learn.Dls.Valid)
                {
                    var p = learn.Model.Forward(x);
                    for (int i = 0; i < x.Size(0); i++) losses.Add(learn.LossFunc(p[i..(i + 1)], y[i..(i + 1)]).Item());
                    xs.Add(x);
                    preds.Add(p);
                    ys.Add(y);
                }
        }
        finally { learn.Model.Train(training); }
        if (xs.Count == 0)
            throw new InvalidOperationException("ClassificationInterpretation.FromLearner: the learner's validation set is empty, so there is nothing to interpret; give DataLoaders a validation loader with at least one batch");
        var output = Tensor.Cat(preds);
        var targets = Tensor.Cat(ys).Reshape(-1).Long();
        var probs = ProbabilitiesOf(output);
        if (targets.Numel != probs.Size(0))
            throw new ShapeException($"ClassificationInterpretation.FromLearner: {targets.Numel} targets for {probs.Size(0)} predictions; expected one class index per item");
        return new ClassificationInterpretation(Tensor.Cat(xs), probs, targets, Tensor.FromArray(losses.ToArray()));
    }

    /// <summary>
    /// What a model's outputs say about each item's class, as [N, C] probabilities: softmax over ten-way (any C &gt; 1)
    /// outputs; a single output per item through sigmoid as class 1 against class 0.
    /// </summary>
    public static Tensor ProbabilitiesOf(Tensor output)
    {
        if (output.Dim == 2 && output.Size(1) > 1) return output.Softmax(1);
        var s = output.Reshape(-1, 1).Sigmoid();
        return Tensor.Cat([1.0 - s, s], 1);
    }

    /// <summary>[C, C] counts: row = actual class, column = predicted class (fastai's confusion_matrix()).</summary>
    public Tensor ConfusionMatrix()
    {
        var (t, p) = (Targets.ToArray<long>(), Predictions.ToArray<long>());
        var counts = new long[Classes * Classes];
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i] < 0 || t[i] >= Classes)
                throw new IndexOutOfRangeException($"ClassificationInterpretation: target {t[i]} of item {i} is not one of the {Classes} classes");
            counts[t[i] * Classes + p[i]]++;
        }
        return Tensor.FromArray(counts, Classes, Classes);
    }

    /// <summary>The off-diagonal cells with at least minVal items, largest first: (actual, predicted, count) (fastai's most_confused).</summary>
    public IReadOnlyList<(long Actual, long Predicted, long Count)> MostConfused(int minVal = 1)
    {
        var cm = ConfusionMatrix().ToArray<long>();
        int c = Classes;
        return [.. Enumerable.Range(0, c * c).Where(k => k / c != k % c && cm[k] >= minVal)
            .Select(k => ((long)(k / c), (long)(k % c), cm[k])).OrderByDescending(r => r.Item3).ThenBy(r => r.Item1).ThenBy(r => r.Item2)];
    }

    /// <summary>The k largest losses and the items they belong to, largest first (fastai's top_losses(k)).</summary>
    public (double[] Losses, int[] Indices) TopLosses(int k)
    {
        if (k <= 0) throw new ArgumentOutOfRangeException(nameof(k), $"TopLosses: k must be 1 or more, got {k}");
        var l = Losses.ToArray<double>();
        var idx = Enumerable.Range(0, l.Length).OrderByDescending(i => l[i]).ThenBy(i => i).Take(k).ToArray();
        return (idx.Select(i => l[i]).ToArray(), idx);
    }
}
