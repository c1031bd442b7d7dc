// fastai's Recorder pictures: plot_loss, plot_lr_find, plot_sched; each shown inline and saved as a PNG.
using Mnist.Scripting.Training;

namespace Mnist.Scripting.Dsl;

public static partial class Prelude
{
    /// <summary>
    /// fastai's <c>learn.recorder.plot_loss()</c>: the smoothed training loss after every batch and the validation
    /// loss at the end of each epoch, against the batch count.
    /// </summary>
    public static Chart PlotLoss(this Recorder recorder, int skipStart = 5)
    {
        if (recorder.Losses.Count == 0) throw new InvalidOperationException("PlotLoss: the recorder is empty; call learn.Fit (or FitOneCycle) first");
        int from = Math.Min(skipStart, recorder.Losses.Count - 1);
        var xs = Enumerable.Range(from, recorder.Losses.Count - from).Select(i => (double)i).ToArray();
        var panel = new Panel().Line(xs, recorder.Losses.Skip(from).ToArray(), label: "train").Title("loss").Labels("batches", "loss");
        if (recorder.Values.Count > 0)
            panel.Line(recorder.Iters.Select(i => (double)i).ToArray(), recorder.Column("valid_loss"), "orange", "valid");
        return panel.Save("plot_loss", 600, 400);
    }

    /// <summary>
    /// fastai's <c>learn.recorder.plot_lr_find()</c> after LrFind: the smoothed loss against the learning rate on a
    /// log axis, without the last 5 batches, with the suggestions marked.
    /// </summary>
    public static Chart PlotLrFind(this Recorder recorder, SuggestedLrs? suggestions = null, int skipEnd = 5)
    {
        int n = recorder.Lrs.Count - skipEnd;
        if (n < 2) throw new InvalidOperationException("PlotLrFind: no sweep to draw; call learn.LrFind() first");
        var xs = recorder.Lrs.Take(n).Select(Math.Log10).ToArray();
        var ys = recorder.Losses.Take(n).ToArray();
        var panel = new Panel().Line(xs, ys).Title("lr_find").Labels("Learning Rate", "Loss");
        panel.Plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            LabelFormatter = v => $"1e{v:0}",
        };
        if (suggestions is { } s)
            foreach (var (lr, color) in new[] { (s.Valley, "orange"), (s.Steep, "green") })
            {
                int i = Nearest(recorder.Lrs, lr, n);
                panel.Point(Math.Log10(lr), ys[i], color);
            }
        return panel.Save("plot_lr_find", 600, 400);
    }

    /// <summary>fastai's <c>learn.recorder.plot_sched()</c>: the learning rate and the momentum at every batch.</summary>
    public static Chart PlotSched(this Recorder recorder)
    {
        if (recorder.Lrs.Count == 0) throw new InvalidOperationException("PlotSched: the recorder is empty; call learn.FitOneCycle first");
        var xs = Enumerable.Range(0, recorder.Lrs.Count).Select(i => (double)i).ToArray();
        var fig = Subplots(1, 2, 1200, 400);
        fig[0].Line(xs, recorder.Lrs.ToArray()).Labels("batches", "lr");
        if (recorder.Moms.Any(m => !double.IsNaN(m))) fig[1].Line(xs, recorder.Moms.ToArray()).Labels("batches", "mom");
        else fig[1].Title("no momentum");
        return fig.Save("plot_sched");
    }

    static int Nearest(IReadOnlyList<double> lrs, double lr, int n)
    {
        int best = 0;
        for (int i = 1; i < n; i++) if (Math.Abs(lrs[i] - lr) < Math.Abs(lrs[best] - lr)) best = i;
        return best;
    }
}
