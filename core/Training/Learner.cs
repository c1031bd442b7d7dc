// The training loop (fastai's Learner): each epoch trains on dls.Train, validates on dls.Valid and prints a table row.
using System.Diagnostics;
using Mnist.Scripting.Data;
using Mnist.Scripting.NN;
using Mnist.Scripting.Optim;

namespace Mnist.Scripting.Training;

/// <summary>
/// Data, a model, an optimizer, a loss and metrics, and the loop that trains them
/// (fastai's <c>Learner(dls, model, opt_func=SGD, loss_func=mnist_loss, metrics=batch_accuracy)</c>):
/// <code>
/// var learn = new Learner(dls, new Linear(28 * 28, 1), Sgd.Create, F.MnistLoss, F.BatchAccuracy);
/// learn.Fit(10, lr: 1.0);
/// </code>
/// train_loss is fastai's: an exponential moving average of the batch losses (β = 0.98, debiased, reset at each
/// Fit), read at the end of the epoch. valid_loss and the metrics are means over the whole validation set: each
/// batch's value is weighted by its size, so accuracy is an exact count (1010/2038 = 0.495584).
/// </summary>
public sealed partial class Learner
{
    readonly Func<IEnumerable<Tensor>, double, Optimizer> optFunc;
    int? trainBatches, validBatches;

    public Learner(DataLoaders dls, Module model, Func<IEnumerable<Tensor>, double, Optimizer> optFunc,
                   Func<Tensor, Tensor, Tensor> lossFunc, params Func<Tensor, Tensor, Tensor>[] metrics)
        : this(dls, model, optFunc, lossFunc, metrics.Select((m, i) => Metric.From(m, i)).ToArray()) { }

    /// <summary>
    /// The same with named metrics, e.g. <c>[Metric.BatchAccuracy]</c>: the form F# reads best, since F# names a
    /// lambda's method "Invoke" and passes method groups only where no ParamArray is involved.
    /// </summary>
    public Learner(DataLoaders dls, Module model, Func<IEnumerable<Tensor>, double, Optimizer> optFunc,
                   Func<Tensor, Tensor, Tensor> lossFunc, IReadOnlyList<Metric> metrics)
    {
        Dls = dls;
        Model = model;
        this.optFunc = optFunc;
        LossFunc = lossFunc;
        Metrics = metrics.ToList();
        Recorder = new Recorder(Metrics.Select(m => m.Name).ToList());
    }

    public DataLoaders Dls { get; }
    public Module Model { get; }
    public Func<Tensor, Tensor, Tensor> LossFunc { get; }

    /// <summary>The metrics, named after their functions; add a <see cref="Metric"/> to give your own name.</summary>
    public List<Metric> Metrics { get; }

    /// <summary>Created by the first Fit from the factory (learn.opt); later fits set its learning rate.</summary>
    public Optimizer? Opt { get; private set; }

    /// <summary>Per-epoch values and per-batch losses of the last Fit (learn.recorder).</summary>
    public Recorder Recorder { get; private set; }

    /// <summary>Where the table goes (default Console.Out).</summary>
    public TextWriter Output { get; set; } = Console.Out;

    /// <summary>The front end's live display (Auto: a bar on a terminal, a live table in a notebook), always, or never.</summary>
    public ProgressMode Progress { get; set; } = ProgressMode.Auto;

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs at learning rate <paramref name="lr"/> (learn.fit). Ctrl-C, or
    /// <paramref name="cancellationToken"/>, stops after the current batch: the model keeps its weights and the
    /// recorder the finished epochs. Returns the recorder.
    /// </summary>
    public Recorder Fit(int epochs, double lr, CancellationToken cancellationToken = default)
    {
        CheckFitArguments("Fit", epochs, lr);
        return Fit(epochs, lr, FitPlan.Plain, cancellationToken);
    }

    static void CheckFitArguments(string call, int epochs, double lr)
    {
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), $"{call}: epochs must be 0 or more, got {epochs}");
        if (!(lr >= 0) || double.IsInfinity(lr)) throw new ArgumentOutOfRangeException(nameof(lr), $"{call}: the learning rate must be a finite number, 0 or more, got {lr}");
    }

    /// <summary>
    /// What a fit does around each training batch beyond the plain loop: a schedule that sets the optimizer's
    /// hyper-parameters from the progress (fastai's pct_train: batches done / all batches of the fit), a check after
    /// the batch that may end the fit, whether to validate, and whether to show the table (else only the live bar).
    /// </summary>
    sealed record FitPlan(Action<Optimizer, double>? BeforeBatch, Func<bool>? StopAfterBatch, bool Validate, bool Show, int? TotalBatches)
    {
        public static readonly FitPlan Plain = new(null, null, true, true, null);
    }

    Recorder Fit(int epochs, double lr, FitPlan plan, CancellationToken cancellationToken)
    {
        if (!Recorder.Names.Skip(2).SequenceEqual(Metrics.Select(m => m.Name))) Recorder = new Recorder(Metrics.Select(m => m.Name).ToList());
        Opt ??= optFunc(Model.Parameters(), lr);
        Opt.Lr = lr;
        this.plan = plan;
        var display = plan.Show ? FitDisplays.For(this) : FitDisplays.PhasesOnly(this);
        // Lists and arrays know their length up front; other sources are counted during the first epoch.
        if (trainBatches is null && Dls.Train.TryGetNonEnumeratedCount(out int nt)) trainBatches = nt;
        if (validBatches is null && Dls.Valid.TryGetNonEnumeratedCount(out int nv)) validBatches = nv;
        using var stop = new StopSignal(cancellationToken);
        planStopped = false;
        Recorder.BeginFit();
        display.Begin(["epoch", .. Recorder.Names, "time"]);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            int batches = 0;
            try { display.Phase($"epoch {epoch}/{epochs} train", trainBatches, tick => batches = TrainEpoch(tick, stop)); }
            catch (Exception e) { Failed(display, epoch, $"training batch {batchesDone + 1}", e); throw; }
            if (planStopped) break;
            if (stop.Requested) { Interrupted(display, epoch, $"after training batch {batches}"); break; }
            trainBatches = batches;
            if (!plan.Validate) continue;
            double[]? valid = null;
            try { display.Phase($"epoch {epoch}/{epochs} valid", validBatches, tick => valid = Validate(tick, stop)); }
            catch (Exception e) { Failed(display, epoch, "validation", e); throw; }
            if (stop.Requested || valid is null) { Interrupted(display, epoch, "during validation"); break; }
            var row = new[] { Recorder.SmoothLoss }.Concat(valid).ToArray();
            Recorder.AfterEpoch(row, clock.Elapsed);
            display.Row(ResultsTable.Cells(epoch, row, clock.Elapsed));
        }
        return Recorder;
    }

    // Ends the table with a line saying where Fit failed, so the error that follows is not read as part of a row.
    void Failed(IFitDisplay display, int epoch, string where, Exception e)
    {
        Recorder.Interrupted = true;
        display.Note($"Fit failed in epoch {epoch} during {where} ({e.GetType().Name}, below): the table ends here; " +
                         $"the recorder keeps the {Recorder.Values.Count} finished epochs.");
    }

    void Interrupted(IFitDisplay display, int epoch, string where)
    {
        Recorder.Interrupted = true;
        display.Note($"Fit stopped in epoch {epoch} {where}: the model keeps its weights, the recorder the {Recorder.Values.Count} finished epochs.");
    }

    int batchesDone;
    FitPlan plan = FitPlan.Plain;
    bool planStopped;

    // One pass over the training batches: forward, loss, backward, step, zero the gradients (fastai's order).
    int TrainEpoch(Action<string> tick, StopSignal stop)
    {
        Model.Train();
        int n = batchesDone = 0;
        foreach (var (x, y) in Dls.Train)
        {
            if (plan.BeforeBatch is { } schedule) schedule(Opt!, Recorder.BatchLosses.Count / (double)plan.TotalBatches!.Value);
            var loss = LossFunc(Model.Forward(x), y);
            loss.Backward();
            Opt!.Step();
            Opt.ZeroGrad();
            Recorder.AfterBatch(loss.Item(), Opt.Lr, Opt.Mom);
            batchesDone = ++n;
            tick(ResultsTable.Number(Recorder.SmoothLoss));
            if (plan.StopAfterBatch?.Invoke() == true) { planStopped = true; break; }
            if (stop.Requested) break;
        }
        return n;
    }

    /// <summary>
    /// Loss and metrics over the whole validation set, each batch weighted by its size: <c>[valid_loss, metric...]</c>
    /// (learn.validate()).
    /// </summary>
    public double[] Validate() => Validate(_ => { }, null) ?? throw new InvalidOperationException("validation was cancelled");

    double[]? Validate(Action<string> tick, StopSignal? stop)
    {
        Model.Eval();
        var sums = new double[Metrics.Count + 1];
        long count = 0;
        int n = 0;
        using (Tensor.NoGrad())
        {
            foreach (var (x, y) in Dls.Valid)
            {
                var pred = Model.Forward(x);
                int bs = x.Dim == 0 ? 1 : x.Size(0);
                sums[0] += LossFunc(pred, y).Item() * bs;
                for (int j = 0; j < Metrics.Count; j++) sums[j + 1] += Metrics[j].Func(pred, y).Item() * bs;
                count += bs;
                n++;
                tick("");
                if (stop is { Requested: true }) return null;
            }
        }
        Model.Train();
        validBatches = n;
        if (count == 0) throw new InvalidOperationException("Learner: the validation set is empty; DataLoaders.Valid must yield at least one batch");
        return sums.Select(s => s / count).ToArray();
    }
}
