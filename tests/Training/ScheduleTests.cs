// fastai's schedules, fit_one_cycle, lr_find and its suggestions, and model summaries. The expected schedule and
// suggestion values were computed by fastai's own functions (callback/schedule.py: combined_cos, valley, steep).
using Mnist.Scripting.Data;
using Mnist.Scripting.NN;
using Mnist.Scripting.Optim;
using Mnist.Scripting.Training;

namespace Mnist.Scripting.Tests.Training;

[NonParallelizable] // seeds the default generator
public class ScheduleTests
{
    // fastai: combined_cos(0.25, 0.01/25, 0.01, 0.01/1e5)(i/20) and combined_cos(0.25, 0.95, 0.85, 0.95)(i/20).
    static readonly double[] FastaiLr = [0.0004, 0.001316718453, 0.003716718512, 0.006683281915, 0.009083281679, 0.01, 0.009890739036,
        0.009567731662, 0.009045094494, 0.008345669761, 0.007500024865, 0.006545119432, 0.005522686593, 0.004477413407, 0.003454981013,
        0.00250007473, 0.001654430239, 0.000955005369, 0.000432368719, 0.000109360891];
    static readonly double[] FastaiMom = [0.95, 0.940450849444, 0.915450848828, 0.884549146719, 0.859549149181, 0.85, 0.851092620564,
        0.85432272661, 0.859549150556, 0.866543467827, 0.875000001351, 0.884549151172, 0.894773581803, 0.905226418197, 0.915450844376,
        0.925000002703, 0.933456532173, 0.940450850819, 0.945677269582, 0.948907380166];

    [Test]
    public void OneCycleIsFastaisCombinedCosine()
    {
        var (lr, mom) = (Schedules.OneCycleLr(0.01), Schedules.OneCycleMom());
        for (int i = 0; i < 20; i++)
        {
            // fastai computes the position within a phase in float32, hence 1e-4 relative (0.01%).
            Assert.That(lr(i / 20.0), Is.EqualTo(FastaiLr[i]).Within(0.01).Percent, $"lr at batch {i}");
            Assert.That(mom(i / 20.0), Is.EqualTo(FastaiMom[i]).Within(0.01).Percent, $"mom at batch {i}");
        }
    }

    [Test]
    public void CombineRefusesSharesThatDoNotAddUp()
    {
        var e = Assert.Throws<ArgumentException>(() => Schedules.Combine([0.5, 0.6], [Schedules.Lin(0, 1), Schedules.No(1, 1)]));
        Assert.That(e!.Message, Does.Contain("add up to 1"));
        Assert.Throws<ArgumentException>(() => Schedules.Combine([1.0], [Schedules.Lin(0, 1), Schedules.No(1, 1)]));
        Assert.That(Schedules.Combine([0.5, 0.5], [Schedules.Lin(0, 1), Schedules.Exp(1, 4)])(0.75), Is.EqualTo(2).Within(1e-12));
    }

    // Three curves over a 60-step sweep from 1e-7 to 10: an lr_find-like S with a rise, a noisy one that diverges, and
    // a short one whose longest fall is at the front (fastai then indexes -1, Python's last).
    static (double[] Lrs, double[] Losses) Curve(int k)
    {
        const int n = 60;
        var lrs = Enumerable.Range(0, n).Select(i => 1e-7 * Math.Pow(10 / 1e-7, i / (double)n)).ToArray();
        return k switch
        {
            0 => (lrs, lrs.Select(l => 2.3 - 1.5 / (1 + Math.Exp(-(Math.Log10(l) + 3) * 2)) + (l > 1e-2 ? 0.05 * Math.Exp(Math.Log10(l) + 1) : 0)).ToArray()),
            1 => (lrs, lrs.Select((l, i) => 1.0 - 0.4 * Math.Tanh(Math.Log10(l) + 4) + 0.03 * Math.Sin(7 * i) + (i > 50 ? 3.0 : 0)).ToArray()),
            _ => (lrs[..8], [0.9, 0.8, 0.85, 0.95, 0.97, 0.99, 1.2, 1.5]),
        };
    }

    [TestCase(0, 6.309573444801929e-05, 0.001)]
    [TestCase(1, 0.002511886431509582, 8.576958985908937e-05)]
    [TestCase(2, 8.576958985908941e-07, 1e-07)]
    public void SuggestionsAreFastais(int curve, double valley, double steep)
    {
        var (lrs, losses) = Curve(curve);
        Assert.That(Suggestions.Valley(lrs, losses), Is.EqualTo(valley).Within(1e-10).Percent);
        Assert.That(Suggestions.Steep(lrs, losses), Is.EqualTo(steep).Within(1e-10).Percent);
    }

    // y = 1 when the feature sum is positive: 6 batches of 32, a net that learns it with Adam.
    static DataLoaders Data(long seed)
    {
        var g = new Generator(7);
        var x = Tensor.Randn([192, 4], g);
        var y = x.Sum([1], keepDim: true).Gt(0.0).Float();
        var vx = Tensor.Randn([64, 4], g);
        return new DataLoaders(new DataLoader(new TensorDataset(x, y), 32, shuffle: true, seed: seed),
                               new DataLoader(new TensorDataset(vx, vx.Sum([1], keepDim: true).Gt(0.0).Float()), 32));
    }

    static Learner NewLearner(Func<IEnumerable<Tensor>, double, Optimizer>? opt = null, Func<Tensor, Tensor, Tensor>? loss = null)
    {
        Tensor.ManualSeed(3);
        var model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
        return new Learner(Data(5), model, opt ?? Adam.Create, loss ?? F.MnistLoss, F.BatchAccuracy) { Output = TextWriter.Null, Progress = ProgressMode.Off };
    }

    [Test]
    public void FitOneCycleSetsTheScheduleBeforeEachBatch()
    {
        var learn = NewLearner();
        learn.FitOneCycle(3, 0.01);
        var r = learn.Recorder;
        Assert.That(r.Lrs, Has.Count.EqualTo(18));
        var (lr, mom) = (Schedules.OneCycleLr(0.01), Schedules.OneCycleMom());
        for (int i = 0; i < 18; i++)
        {
            Assert.That(r.Lrs[i], Is.EqualTo(lr(i / 18.0)).Within(1e-15), $"lr of batch {i}");
            Assert.That(r.Moms[i], Is.EqualTo(mom(i / 18.0)).Within(1e-15), $"Adam's beta1 at batch {i}");
        }
        Assert.That(r.Values, Has.Count.EqualTo(3));
        Assert.That(r.Iters, Is.EqualTo(new[] { 6, 12, 18 }));
        Assert.That(((Adam)learn.Opt!).Beta1, Is.EqualTo(mom(17 / 18.0)).Within(1e-15), "the optimizer holds the last batch's momentum");
        Assert.That(r.Values[^1][1], Is.LessThan(r.Values[0][1]), "the validation loss fell");
    }

    [Test]
    public void FitOneCycleLeavesPlainSgdWithoutMomentum()
    {
        var learn = NewLearner(Sgd.Create);
        learn.FitOneCycle(1, 0.1);
        Assert.That(learn.Recorder.Moms, Is.All.NaN, "fastai's SGD made without momentum ignores the schedule");
        Assert.That(((Sgd)learn.Opt!).Momentum, Is.Zero);
    }

    [TestCase(0, 0.01, "epochs must be 1 or more")]
    [TestCase(2, -0.01, "lrMax must be a positive finite number")]
    [TestCase(2, double.NaN, "lrMax must be a positive finite number")]
    public void FitOneCycleRefusesBadArgumentsAndChangesNothing(int epochs, double lrMax, string what)
    {
        var learn = NewLearner();
        var before = learn.Model.Parameters()[0].Clone();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => learn.FitOneCycle(epochs, lrMax));
        Assert.That(e!.Message, Does.StartWith("FitOneCycle: ").And.Contain(what));
        Assert.That(learn.Opt, Is.Null);
        Assert.That(learn.Recorder.Lrs, Is.Empty);
        Assert.That(learn.Model.Parameters()[0].Equal(before), Is.True);
    }

    [Test]
    public void LrFindSweepsThenPutsEverythingBack()
    {
        // A learner that fitted, ran LrFind, then fitted again must end exactly where one that skipped LrFind ends:
        // weights, Adam's moments and step counts, and the shuffle's generator all put back.
        var a = NewLearner();
        var b = NewLearner();
        a.Fit(1, 0.01);
        b.Fit(1, 0.01);
        var s = a.LrFind(numIt: 30);
        Assert.That(a.Recorder.Lrs, Has.Count.EqualTo(30));
        for (int i = 0; i < 30; i++) Assert.That(a.Recorder.Lrs[i], Is.EqualTo(1e-7 * Math.Pow(1e8, i / 30.0)).Within(1e-12).Percent, $"sweep batch {i}");
        Assert.That(a.Recorder.Values, Is.Empty, "no validation during the sweep");
        Assert.That(s.Valley, Is.InRange(1e-7, 10));
        Assert.That(s.Steep, Is.InRange(1e-7, 10));
        Assert.That(a.Opt!.Lr, Is.EqualTo(0.01), "the optimizer's rate is put back too");
        a.Fit(2, 0.01);
        b.Fit(2, 0.01);
        var (pa, pb) = (a.Model.Parameters(), b.Model.Parameters());
        for (int i = 0; i < pa.Count; i++) Assert.That(pa[i].Equal(pb[i]), Is.True, $"parameter {i} after the second fit");
    }

    [Test]
    public void LrFindBeforeTheFirstFitLeavesNoOptimizer()
    {
        var learn = NewLearner();
        var w = learn.Model.Parameters().Select(p => p.Clone()).ToList();
        learn.LrFind(numIt: 20);
        Assert.That(learn.Opt, Is.Null);
        for (int i = 0; i < w.Count; i++) Assert.That(learn.Model.Parameters()[i].Equal(w[i]), Is.True);
    }

    [Test]
    public void LrFindOnALossThatIsNaNFromTheStartIsAClearError()
    {
        var learn = NewLearner(loss: (p, y) => (p - y).Log().Mean() * double.NaN);
        var w = learn.Model.Parameters()[0].Clone();
        var e = Assert.Throws<InvalidOperationException>(() => learn.LrFind());
        Assert.That(e!.Message, Does.StartWith("LrFind: the loss was NaN from the first batch"));
        Assert.That(learn.Model.Parameters()[0].Equal(w), Is.True, "the weights are as they were");
    }

    sealed class Plain(IEnumerable<Tensor> ps, double lr) : Optimizer(ps, lr)
    {
        protected override void Update(int index, Tensor parameter, Tensor grad) => parameter.SubInPlace(grad * Lr);
    }

    [Test]
    public void LrFindRefusesAnOptimizerWhoseStateItCannotPutBack()
    {
        var learn = NewLearner((ps, lr) => new Plain(ps, lr));
        learn.Fit(1, 0.1);
        var w = learn.Model.Parameters()[0].Clone();
        var e = Assert.Throws<InvalidOperationException>(() => learn.LrFind());
        Assert.That(e!.Message, Does.StartWith("LrFind: the optimizer (Plain)").And.Contain("call LrFind before the first Fit"));
        Assert.That(learn.Model.Parameters()[0].Equal(w), Is.True);
        Assert.That(learn.Recorder.Values, Has.Count.EqualTo(1), "the last fit's record is kept");
    }

    [Test]
    public void SummaryListsEachLayersShapeAndParameters()
    {
        Tensor.ManualSeed(1);
        var cnn = new Sequential(new Conv2d(1, 8, 3, padding: 1), new ReLU(), new MaxPool2d(2), new Flatten(), new Sequential(new Linear(8 * 14 * 14, 10)));
        var s = cnn.Summary(Tensor.Zeros(64, 1, 28, 28));
        Assert.That(s.Layers.Select(l => l.Type), Is.EqualTo(new[] { "Conv2d", "ReLU", "MaxPool2d", "Flatten", "Linear" }), "nested Sequentials are flattened");
        Assert.That(s.Layers.Select(l => l.OutputShape.ToArray()), Is.EqualTo(new[] { new[] { 64, 8, 28, 28 }, [64, 8, 28, 28], [64, 8, 14, 14], [64, 1568], [64, 10] }));
        Assert.That(s.Layers.Select(l => l.Parameters), Is.EqualTo(new long[] { 80, 0, 0, 0, 15690 }));
        Assert.That(s.TotalParameters, Is.EqualTo(cnn.Parameters().Sum(p => (long)p.Numel)));
        var text = s.ToString();
        Assert.That(text, Does.StartWith("Sequential (Input shape: 64 x 1 x 28 x 28)\n" + new string('=', 76)));
        Assert.That(text, Does.Contain("64 x 8 x 14 x 14").And.Contain("Total params: 15,770").And.Contain("Total non-trainable params: 0"));
        Assert.That(cnn.Training, Is.True, "the model is back in training mode");
    }

    [Test]
    public void ALearnersSummaryLeavesTheShuffleAsItWas()
    {
        var (a, b) = (NewLearner(), NewLearner());
        Assert.That(a.Summary(), Does.Contain("Total params: 49").And.Contain("Optimizer used: Adam").And.Contain("Loss function: MnistLoss"));
        a.Fit(1, 0.01);
        b.Fit(1, 0.01);
        Assert.That(a.Model.Parameters()[0].Equal(b.Model.Parameters()[0]), Is.True, "the same batches in the same order");
    }

    [Test]
    public void SummaryWithAnInputOfTheWrongShapeNamesTheLayer()
    {
        var model = new Sequential(new Linear(784, 30), new ReLU(), new Linear(30, 1));
        var e = Assert.Throws<ShapeException>(() => model.Summary(Tensor.Zeros(64, 28, 28)));
        Assert.That(e!.Message, Does.StartWith("Summary: model[0] (Linear) cannot take an input of shape torch.Size([64, 28, 28])"));
    }
}
