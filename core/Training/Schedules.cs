// fastai's schedule functions (callback/schedule.py): a hyper-parameter as a function of the training's progress,
// pos in [0, 1). Usable on their own in a hand-written loop: opt.Lr = sched(batch / (double)totalBatches).
namespace Mnist.Scripting.Training;

/// <summary>fastai's SchedLin, SchedCos, SchedNo, SchedExp, combine_scheds and combined_cos.</summary>
public static class Schedules
{
    /// <summary>Linear from start to end (SchedLin).</summary>
    public static Func<double, double> Lin(double start, double end) => pos => start + pos * (end - start);

    /// <summary>Half a cosine from start to end (SchedCos): flat at both ends.</summary>
    public static Func<double, double> Cos(double start, double end) => pos => start + (1 + Math.Cos(Math.PI * (1 - pos))) * (end - start) / 2;

    /// <summary>Constant start (SchedNo).</summary>
    public static Func<double, double> No(double start, double end) => _ => start;

    /// <summary>Exponential from start to end (SchedExp), the learning-rate finder's sweep.</summary>
    public static Func<double, double> Exp(double start, double end) => pos => start * Math.Pow(end / start, pos);

    /// <summary>
    /// The schedules one after another, each over its share of the training (combine_scheds): shares must be
    /// non-negative and add up to 1; each schedule sees its own progress from 0 to 1.
    /// </summary>
    public static Func<double, double> Combine(IReadOnlyList<double> shares, IReadOnlyList<Func<double, double>> schedules)
    {
        if (shares.Count != schedules.Count || shares.Count == 0)
            throw new ArgumentException($"Schedules.Combine: {shares.Count} shares for {schedules.Count} schedules; give one share per schedule");
        if (shares.Any(s => s < 0) || Math.Abs(shares.Sum() - 1) > 1e-9)
            throw new ArgumentException($"Schedules.Combine: the shares [{string.Join(", ", shares)}] must be non-negative and add up to 1");
        var ends = new double[shares.Count + 1];
        for (int i = 0; i < shares.Count; i++) ends[i + 1] = ends[i] + shares[i];
        return pos =>
        {
            int i = 0;
            while (i < shares.Count - 1 && pos >= ends[i + 1]) i++;
            return schedules[i]((pos - ends[i]) / (ends[i + 1] - ends[i]));
        };
    }

    /// <summary>Cosine from start to middle over the first <paramref name="share"/>, then from middle to end (combined_cos).</summary>
    public static Func<double, double> CombinedCos(double share, double start, double middle, double end) =>
        Combine([share, 1 - share], [Cos(start, middle), Cos(middle, end)]);

    /// <summary>
    /// fastai's one-cycle learning rate (fit_one_cycle): from lrMax/div up to lrMax over the first pctStart of the
    /// training, then down to lrMax/divFinal, both halves cosine.
    /// </summary>
    public static Func<double, double> OneCycleLr(double lrMax, double div = 25, double divFinal = 1e5, double pctStart = 0.25) =>
        CombinedCos(pctStart, lrMax / div, lrMax, lrMax / divFinal);

    /// <summary>fastai's one-cycle momentum: down from the first of moms to the second while the rate rises, back to the third.</summary>
    public static Func<double, double> OneCycleMom(double pctStart = 0.25, double high = 0.95, double low = 0.85, double end = 0.95) =>
        CombinedCos(pctStart, high, low, end);
}
