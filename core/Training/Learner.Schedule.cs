// fastai's scheduled fits: fit_one_cycle (the one-cycle policy) and lr_find (the learning-rate range test).
using Mnist.Scripting.Data;
using Mnist.Scripting.Optim;

namespace Mnist.Scripting.Training;

/// <summary>What <see cref="Learner.LrFind"/> suggests (fastai's SuggestedLRs): the valley rule and the steepest slope.</summary>
public sealed record SuggestedLrs(double Valley, double Steep)
{
    public override string ToString() => $"SuggestedLRs(valley={Valley:G4}, steep={Steep:G4})";
}

public sealed partial class Learner
{
    /// <summary>
    /// Trains with the one-cycle policy (fastai's <c>learn.fit_one_cycle(n_epoch, lr_max)</c>): the learning rate rises
    /// from lrMax/div to lrMax over the first pctStart of the batches and falls to lrMax/divFinal, both on a cosine,
    /// while the momentum (Adam's beta1, SGD's momentum when it has one) goes the other way between moms. The
    /// schedule needs the number of batches up front: a DataLoader or a list says it; another sequence is counted
    /// by enumerating it once.
    /// </summary>
    public Recorder FitOneCycle(int epochs, double lrMax, double div = 25, double divFinal = 1e5, double pctStart = 0.25,
                                (double High, double Low, double End)? moms = null, CancellationToken cancellationToken = default)
    {
        if (epochs <= 0) throw new ArgumentOutOfRangeException(nameof(epochs), $"FitOneCycle: epochs must be 1 or more, got {epochs}");
        if (!(lrMax > 0) || double.IsInfinity(lrMax)) throw new ArgumentOutOfRangeException(nameof(lrMax), $"FitOneCycle: lrMax must be a positive finite number, got {lrMax}");
        if (!(div > 0) || !(divFinal > 0)) throw new ArgumentOutOfRangeException(nameof(div), $"FitOneCycle: div ({div}) and divFinal ({divFinal}) must be positive");
        if (!(pctStart is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(pctStart), $"FitOneCycle: pctStart must be between 0 and 1, got {pctStart}");
        var (high, low, end) = moms ?? (0.95, 0.85, 0.95);
        if (!new[] { high, low, end }.All(m => m is >= 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(moms), $"FitOneCycle: each momentum must be in [0, 1), got ({high}, {low}, {end})");
        var lr = Schedules.OneCycleLr(lrMax, div, divFinal, pctStart);
        var mom = Schedules.OneCycleMom(pctStart, high, low, end);
        int total = epochs * TrainBatchCount("FitOneCycle");
        var plan = new FitPlan((opt, pos) => { opt.Lr = lr(pos); if (opt.Mom is not null) opt.Mom = mom(pos); }, null, true, true, total);
        return Fit(epochs, lrMax / div, plan, cancellationToken);
    }

    /// <summary>
    /// The learning-rate range test (fastai's <c>learn.lr_find()</c>): trains numIt batches with the rate growing
    /// exponentially from startLr to endLr, no validation and no table, stopping early once the smoothed loss passes 4
    /// times its best; then puts the model's weights, the optimizer's state and the random generators back as they
    /// were. The recorder keeps the sweep (Lrs, Losses) for <c>PlotLrFind</c>. Returns fastai's valley and steep
    /// suggestions, read from the sweep without its first tenth and last 5 batches.
    /// </summary>
    public SuggestedLrs LrFind(double startLr = 1e-7, double endLr = 10, int numIt = 100, bool stopDiv = true)
    {
        if (!(startLr > 0) || !(endLr > startLr) || double.IsInfinity(endLr))
            throw new ArgumentOutOfRangeException(nameof(startLr), $"LrFind: expected 0 < startLr < endLr, finite; got startLr={startLr}, endLr={endLr}");
        numIt = Math.Max(numIt, 6);   // fastai's minimum
        int perEpoch = TrainBatchCount("LrFind");
        var restore = SaveState("LrFind");
        var sweep = Schedules.Exp(startLr, endLr);
        double best = double.PositiveInfinity;
        var plan = new FitPlan((opt, pos) => opt.Lr = sweep(pos), () =>
        {
            double smooth = Recorder.SmoothLoss;
            if (smooth < best) best = smooth;
            return (stopDiv && (smooth > 4 * best || double.IsNaN(smooth))) || Recorder.BatchLosses.Count >= numIt;
        }, false, false, numIt);
        try { Fit(numIt / perEpoch + 1, startLr, plan, CancellationToken.None); }
        finally { restore(); }
        var (lrs, losses) = (Recorder.Lrs.ToArray(), Recorder.Losses.ToArray());
        int from = numIt / 10, to = losses.Length - 5;
        if (to - from < 2 || double.IsNaN(losses[from]))
            throw new InvalidOperationException($"LrFind: the loss was {(double.IsNaN(losses[0]) ? "NaN from the first batch" : $"{losses[0]:G4} at the first batch and diverged after {losses.Length} of {numIt} batches")}, " +
                "so there is no curve to read a learning rate from; check the model, the loss function and the data (the weights are as they were before LrFind)");
        // Drop the NaN tail, as fastai does, then read both rules off what is left.
        int n = from;
        while (n < to && !double.IsNaN(losses[n])) n++;
        var (l, v) = (lrs[from..n], losses[from..n]);
        return new SuggestedLrs(Suggestions.Valley(l, v), Suggestions.Steep(l, v));
    }

    /// <summary>
    /// The model's summary on one training batch, then the optimizer and the loss (fastai's <c>learn.summary()</c>).
    /// </summary>
    public string Summary()
    {
        var (x, _) = Dls.OneBatch() ?? throw new InvalidOperationException("Summary: the training set has no batches to run through the model");
        // The optimizer's type, from the one the factory made (or makes now: building one changes no weight).
        var opt = (Opt ?? optFunc(Model.Parameters(), 1e-3)).GetType().Name;
        var loss = LossFunc.Method.Name is "Invoke" or "" || LossFunc.Method.Name.Contains('<') ? "a function (its name is not known)" : LossFunc.Method.Name;
        return Model.Summary(x) + $"\nOptimizer used: {opt}\nLoss function: {loss}\n";
    }

    int TrainBatchCount(string call)
    {
        int n = Dls.Train switch
        {
            DataLoader dl => dl.Count,
            var e when e.TryGetNonEnumeratedCount(out int c) => c,
            var e => e.Count(),
        };
        if (n == 0) throw new InvalidOperationException($"{call}: the training set has no batches; DataLoaders.Train must yield at least one");
        return n;
    }

    // Everything a trial fit changes, and what puts it back: the weights, the optimizer (or its absence), the random
    // generators a shuffle or an init draws from. Checked before anything runs, so a refusal leaves nothing changed.
    Action SaveState(string call)
    {
        Action? restoreOpt = null;
        if (Opt is not null && (restoreOpt = Opt.SaveState()) is null)
            throw new InvalidOperationException($"{call}: the optimizer ({Opt.GetType().Name}) is not one of this library's, so its state cannot be saved and put back; call {call} before the first Fit");
        var hadOpt = Opt is not null;
        var weights = Model.Parameters().Select(p => (p, p.Detach().Clone())).ToList();
        var generators = new[] { Generator.Default, (Dls.Train as DataLoader)?.Generator }.OfType<Generator>().Distinct().Select(g => (g, g.GetState())).ToList();
        return () =>
        {
            using (Tensor.NoGrad())
                foreach (var (p, w) in weights) p.CopyFrom(w);
            if (hadOpt) restoreOpt!(); else Opt = null;
            Opt?.ZeroGrad();
            foreach (var (g, state) in generators) g.SetState(state);
        };
    }
}

/// <summary>fastai's learning-rate suggestion rules (callback/schedule.py), on a sweep's learning rates and smoothed losses.</summary>
public static class Suggestions
{
    /// <summary>
    /// fastai's valley: the longest run of falling losses (the longest decreasing subsequence), and the rate a little
    /// past the middle of it (at 1/3 + 1/6 of its length from its start).
    /// </summary>
    public static double Valley(IReadOnlyList<double> lrs, IReadOnlyList<double> losses)
    {
        int n = losses.Count, maxStart = 0, maxEnd = 0;
        var lds = Enumerable.Repeat(1, n).ToArray();
        for (int i = 1; i < n; i++)
            for (int j = 0; j < i; j++)
            {
                if (losses[i] < losses[j] && lds[i] < lds[j] + 1) lds[i] = lds[j] + 1;
                if (lds[maxEnd] < lds[i])
                {
                    maxEnd = i;
                    maxStart = maxEnd - lds[maxEnd];
                }
            }
        double sections = (maxEnd - maxStart) / 3.0;
        int idx = maxStart + (int)sections + (int)(sections / 2);
        return lrs[idx < 0 ? idx + n : idx];   // fastai's start is one before the run, so a 2-long run at the front gives -1: Python's last
    }

    /// <summary>fastai's steep: the rate where the loss falls fastest against log(lr).</summary>
    public static double Steep(IReadOnlyList<double> lrs, IReadOnlyList<double> losses)
    {
        int best = 0;
        double steepest = double.PositiveInfinity;
        for (int i = 0; i + 1 < losses.Count; i++)
        {
            double g = (losses[i + 1] - losses[i]) / (Math.Log(lrs[i + 1]) - Math.Log(lrs[i]));
            if (g < steepest) (steepest, best) = (g, i);
        }
        return lrs[best];
    }
}
