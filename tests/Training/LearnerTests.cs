// The Learner on toy data: fastai's table layout, size-weighted validation, the smoothed train loss, stopping early.
using System.Text.RegularExpressions;
using Mnist.Scripting.Data;
using Mnist.Scripting.NN;
using Mnist.Scripting.Optim;
using Mnist.Scripting.Training;

namespace Mnist.Scripting.Tests.Training;

public class LearnerTests
{
    // y = 1 when x > 0: a one-feature problem a Linear(1, 1) learns in a few epochs.
    static List<(Tensor X, Tensor Y)> Toy(int batches, int size, int seed)
    {
        var g = new Generator(seed);
        var list = new List<(Tensor, Tensor)>();
        for (int b = 0; b < batches; b++)
        {
            var x = Tensor.Randn([size, 1], g);
            list.Add((x, x.Gt(0.0).Long()));
        }
        return list;
    }

    static Learner ToyLearner(TextWriter output, IEnumerable<(Tensor X, Tensor Y)>? train = null)
    {
        Tensor.ManualSeed(1);
        return new Learner(new DataLoaders(train ?? Toy(5, 16, 1), Toy(2, 16, 2)), new Linear(1, 1), Sgd.Create, F.MnistLoss, F.BatchAccuracy)
        {
            Output = output,
            Progress = ProgressMode.Off,
        };
    }

    [Test]
    public void FitPrintsFastaisTable()
    {
        var output = new StringWriter();
        var learn = ToyLearner(output);
        learn.Fit(3, lr: 1.0);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(4));
        Assert.That(lines[0], Is.EqualTo("epoch     train_loss  valid_loss  batch_accuracy  time"));
        for (int e = 0; e < 3; e++)
        {
            Assert.That(lines[e + 1], Does.Match($@"^{e}         \d\.\d{{6}}    \d\.\d{{6}}    \d\.\d{{6}}        \d\d:\d\d$"));
            // Values are the recorder's, printed with 6 decimals.
            var cells = Regex.Split(lines[e + 1], @"\s+");
            for (int c = 0; c < 3; c++)
                Assert.That(double.Parse(cells[c + 1], System.Globalization.CultureInfo.InvariantCulture),
                    Is.EqualTo(learn.Recorder.Values[e][c]).Within(5e-7));
        }
        Assert.That(learn.Recorder.Names, Is.EqualTo(new[] { "train_loss", "valid_loss", "batch_accuracy" }));
        Assert.That(learn.Recorder.BatchLosses, Has.Count.EqualTo(15));
        Assert.That(learn.Recorder.Values[^1][2], Is.GreaterThan(0.8), "the toy problem is learnt");
    }

    [Test]
    public void TableLayoutFollowsFastprogress()
    {
        var t = new ResultsTable(["epoch", "train_loss", "valid_loss", "accuracy", "time"]);
        Assert.That(t.Header(), Is.EqualTo("epoch     train_loss  valid_loss  accuracy  time"));
        Assert.That(t.Row(0, [0.636857, 0.503549, 0.495584], TimeSpan.FromSeconds(1.4)),
            Is.EqualTo("0         0.636857    0.503549    0.495584  00:01"));
        Assert.That(ResultsTable.FormatTime(TimeSpan.FromSeconds(3725)), Is.EqualTo("1:02:05"));
        Assert.That(ResultsTable.FormatTime(TimeSpan.FromSeconds(75)), Is.EqualTo("01:15"));
    }

    [Test]
    public void ValidationIsAGlobalMeanNotAMeanOfBatchMeans()
    {
        // Batch 1: 2 of 3 right; batch 2: 1 of 1. Global 3/4 = 0.75; the mean of batch means would be 0.8333.
        var valid = new List<(Tensor X, Tensor Y)>
        {
            (Tensor.Of(5.0, 5.0, -5.0).View(3, 1), Tensor.Of(1, 1, 1).View(3, 1)),
            (Tensor.Of(5.0).View(1, 1), Tensor.Of(1).View(1, 1)),
        };
        var learn = new Learner(new DataLoaders([], valid), new Lambda(x => x), Sgd.Create, F.MnistLoss, F.BatchAccuracy);
        var r = learn.Validate();
        Assert.That(r[1], Is.EqualTo(0.75).Within(1e-6)); // float32 batch means, re-weighted in double
        double s5 = 1 / (1 + Math.Exp(-5));
        double loss = (3 * (1 - s5) + s5) / 4; // three 3s scored 1 - σ(5), one scored 1 - σ(-5) = σ(5)
        Assert.That(r[0], Is.EqualTo(loss).Within(1e-6));
    }

    [Test]
    public void TrainLossIsFastaisDebiasedMovingAverage()
    {
        var learn = ToyLearner(TextWriter.Null);
        learn.Fit(2, lr: 0.5);
        double avg = 0;
        var expected = new List<double>();
        for (int i = 0; i < learn.Recorder.BatchLosses.Count; i++)
        {
            avg = 0.98 * avg + 0.02 * learn.Recorder.BatchLosses[i];
            expected.Add(avg / (1 - Math.Pow(0.98, i + 1)));
        }
        Assert.That(learn.Recorder.Losses, Is.EqualTo(expected).Within(1e-12));
        Assert.That(learn.Recorder.ItemGot(0), Is.EqualTo(new[] { expected[4], expected[9] }).Within(1e-12));
    }

    [Test]
    public void MetricsAreNamedAfterTheirFunctions()
    {
        Assert.That(Metric.From(F.BatchAccuracy).Name, Is.EqualTo("batch_accuracy"));
        Assert.That(Metric.From(F.MseLoss).Name, Is.EqualTo("mse_loss"));
        Assert.That(Metric.From((a, b) => a, 1).Name, Is.EqualTo("metric1"));
        Assert.That(Metric.SnakeCase("RMSError"), Is.EqualTo("rms_error"));
    }

    [Test]
    public void CancellationStopsAfterTheCurrentBatchAndKeepsTheRecord()
    {
        using var cts = new CancellationTokenSource();
        int yielded = 0;
        IEnumerable<(Tensor X, Tensor Y)> Train()
        {
            foreach (var b in Toy(5, 16, 1))
            {
                // Cancel during the second epoch's third batch.
                if (++yielded == 8) cts.Cancel();
                yield return b;
            }
        }
        var output = new StringWriter();
        var learn = ToyLearner(output, Train());
        var before = learn.Model.Parameters()[0].Clone();
        learn.Fit(5, lr: 1.0, cts.Token);
        Assert.That(learn.Recorder.Interrupted);
        Assert.That(learn.Recorder.Values, Has.Count.EqualTo(1), "only the finished epoch is recorded");
        Assert.That(learn.Recorder.BatchLosses, Has.Count.EqualTo(8), "the current batch finished, no more");
        Assert.That(output.ToString(), Does.Contain("Fit stopped in epoch 1"));
        Assert.That(learn.Model.Parameters()[0].Equal(before), Is.False, "the model keeps what it learnt");
        // A new fit continues from there with the same optimizer.
        var opt = learn.Opt;
        learn.Fit(1, lr: 0.5);
        Assert.That(learn.Opt, Is.SameAs(opt));
        Assert.That(learn.Opt!.Lr, Is.EqualTo(0.5));
        Assert.That(learn.Recorder.Interrupted, Is.False);
        Assert.That(learn.Recorder.Values, Has.Count.EqualTo(1), "each fit starts a fresh record, as in fastai");
    }

    [Test]
    public void AFailingBatchEndsTheTableWithALineBeforeTheError()
    {
        var output = new StringWriter();
        var train = Toy(3, 16, 1).Select((b, i) => i == 2 ? (Tensor.Zeros(16, 3), b.Item2) : b).ToList();
        var learn = ToyLearner(output, train);
        var e = Assert.Throws<ShapeException>(() => learn.Fit(2, lr: 1.0));
        Assert.That(e!.Message, Does.StartWith("Linear(1 -> 1) got input [16, 3]"));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[1], Is.EqualTo("Fit failed in epoch 0 during training batch 3 (ShapeException, below): the table ends here; the recorder keeps the 0 finished epochs."));
        Assert.That(learn.Recorder.Interrupted, Is.True);
    }

    sealed class Spy : IFitDisplay
    {
        public List<string> Calls { get; } = [];
        public void Begin(IReadOnlyList<string> columns) => Calls.Add("begin " + string.Join(",", columns));
        public void Phase(string description, int? total, Action<Action<string>> body) { Calls.Add($"phase {description} {total}"); body(_ => { }); }
        public void Row(IReadOnlyList<string> cells) => Calls.Add("row " + cells[0]);
        public void Note(string text) => Calls.Add("note");
    }

    [Test]
    public void AFrontEndsDisplayGetsEveryUpdateAndOffKeepsThePlainTable()
    {
        var spy = new Spy();
        var before = FitDisplays.Live;
        FitDisplays.Live = _ => spy;
        try
        {
            var output = new StringWriter();
            var learn = ToyLearner(output);
            learn.Progress = ProgressMode.Auto;
            learn.Fit(2, lr: 1.0);
            Assert.That(spy.Calls, Is.EqualTo(new[] { "begin epoch,train_loss,valid_loss,batch_accuracy,time",
                "phase epoch 0/2 train 5", "phase epoch 0/2 valid 2", "row 0", "phase epoch 1/2 train 5", "phase epoch 1/2 valid 2", "row 1" }));
            Assert.That(output.ToString(), Is.Empty, "the front end's display replaces the text table");
            learn.Progress = ProgressMode.Off;
            learn.Fit(1, lr: 1.0);
            Assert.That(output.ToString(), Does.StartWith("epoch     train_loss"), "Off: the plain table");
            // LrFind: the live bar of its sweep, no table, nothing printed.
            learn.Progress = ProgressMode.Auto;
            spy.Calls.Clear();
            output.GetStringBuilder().Clear();
            learn.LrFind(numIt: 8);
            Assert.That(spy.Calls, Is.EqualTo(new[] { "phase epoch 0/2 train 5", "phase epoch 1/2 train 5" }), "8 batches over two epochs of 5");
            Assert.That(output.ToString(), Is.Empty);
        }
        finally { FitDisplays.Live = before; }
    }
}
