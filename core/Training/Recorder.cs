// What a Learner records while fitting: one row per epoch ([train_loss, valid_loss, metric...]) and every batch's loss.
namespace Mnist.Scripting.Training;

/// <summary>
/// The history of the last fit (fastai's learn.recorder). <see cref="Values"/> has one row per finished epoch:
/// <c>[train_loss, valid_loss, metric...]</c>, so <c>Recorder.Values[^1][2]</c> is the book's
/// <c>learn.recorder.values[-1][2]</c>.
/// </summary>
public sealed class Recorder
{
    /// <summary>fastai's AvgSmoothLoss factor: the train loss is an exponential moving average with this beta.</summary>
    public const double SmoothingBeta = 0.98;

    double smoothed;
    int smoothCount;

    internal Recorder(IReadOnlyList<string> metricNames) => Names = ["train_loss", "valid_loss", .. metricNames];

    /// <summary>Column names of <see cref="Values"/>: train_loss, valid_loss, then the metrics.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>One row per finished epoch, in the order of <see cref="Names"/> (recorder.values).</summary>
    public List<double[]> Values { get; } = [];

    /// <summary>The smoothed training loss after each batch, as fastai's recorder.losses (for plotting).</summary>
    public List<double> Losses { get; } = [];

    /// <summary>The raw training loss of each batch.</summary>
    public List<double> BatchLosses { get; } = [];

    /// <summary>The learning rate of each batch (fastai's recorder.lrs): constant in Fit, scheduled in FitOneCycle and LrFind.</summary>
    public List<double> Lrs { get; } = [];

    /// <summary>The optimizer's momentum at each batch (fastai's recorder.hps['mom']), NaN where it has none.</summary>
    public List<double> Moms { get; } = [];

    /// <summary>How many batches had run when each epoch ended (fastai's recorder.iters): where PlotLoss puts valid_loss.</summary>
    public List<int> Iters { get; } = [];

    /// <summary>Wall time of each finished epoch (training and validation).</summary>
    public List<TimeSpan> EpochTimes { get; } = [];

    /// <summary>True when the last Fit stopped early (Ctrl-C or its CancellationToken).</summary>
    public bool Interrupted { get; internal set; }

    /// <summary>Column <paramref name="index"/> of every epoch row (fastai's L(values).itemgot(i)).</summary>
    public double[] ItemGot(int index) => Values.Select(r => r[index]).ToArray();

    /// <summary>The column named <paramref name="name"/>, e.g. Column("batch_accuracy").</summary>
    public double[] Column(string name)
    {
        int i = Names.ToList().IndexOf(name);
        if (i < 0) throw new ArgumentException($"Recorder has no column '{name}'; it has {string.Join(", ", Names)}");
        return ItemGot(i);
    }

    /// <summary>The current smoothed training loss (NaN before the first batch).</summary>
    public double SmoothLoss => smoothCount == 0 ? double.NaN : smoothed / (1 - Math.Pow(SmoothingBeta, smoothCount));

    // As fastai's Recorder.before_fit: each fit starts a fresh record, and the moving average restarts (not each epoch).
    internal void BeginFit()
    {
        smoothed = 0;
        smoothCount = 0;
        Interrupted = false;
        Values.Clear();
        Losses.Clear();
        BatchLosses.Clear();
        Lrs.Clear();
        Moms.Clear();
        Iters.Clear();
        EpochTimes.Clear();
    }

    internal void AfterBatch(double loss, double lr, double? mom)
    {
        Lrs.Add(lr);
        Moms.Add(mom ?? double.NaN);
        // torch.lerp(loss, val, beta) = beta·val + (1-beta)·loss, debiased by 1 - beta^count.
        smoothed = SmoothingBeta * smoothed + (1 - SmoothingBeta) * loss;
        smoothCount++;
        BatchLosses.Add(loss);
        Losses.Add(SmoothLoss);
    }

    internal void AfterEpoch(double[] row, TimeSpan time)
    {
        Values.Add(row);
        Iters.Add(BatchLosses.Count);
        EpochTimes.Add(time);
    }
}
