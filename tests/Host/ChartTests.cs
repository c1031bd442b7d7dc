// Charts and pictures: real PNGs of the requested size, not blank (pixel variance), with text actually drawn.
using Mnist.Scripting.Dsl;
using SkiaSharp;
using static Mnist.Scripting.Dsl.Prelude;

namespace Mnist.Scripting.Tests.Host;

public class ChartTests
{
    string folder = "";
    StringWriter output = new();

    [SetUp]
    public void SetUp()
    {
        folder = Directory.CreateTempSubdirectory("charts").FullName;
        DslOutput.PlotFolder = folder;
        output = new StringWriter();
        DslOutput.Writer = output;
        DslOutput.Ansi = false;
    }

    [TearDown]
    public void TearDown()
    {
        DslOutput.PlotFolder = null;
        DslOutput.Writer = Console.Out;
        DslOutput.Ansi = null;
        output.Dispose();
    }

    static SKBitmap Load(Chart chart)
    {
        var bytes = File.ReadAllBytes(chart.Path);
        Assert.That(bytes[..8], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
        var bitmap = SKBitmap.Decode(bytes);
        Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((chart.Width, chart.Height)));
        return bitmap;
    }

    static double Variance(SKBitmap b, SKRectI? region = null)
    {
        var r = region ?? new SKRectI(0, 0, b.Width, b.Height);
        var values = new List<double>();
        for (int y = r.Top; y < r.Bottom; y++)
            for (int x = r.Left; x < r.Right; x++)
            {
                var c = b.GetPixel(x, y);
                values.Add((c.Red + c.Green + c.Blue) / 3.0);
            }
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / values.Count;
    }

    static int DarkPixels(SKBitmap b, SKRectI r)
    {
        int n = 0;
        for (int y = r.Top; y < r.Bottom; y++)
            for (int x = r.Left; x < r.Right; x++)
                if (b.GetPixel(x, y).Red < 128) n++;
        return n;
    }

    // A Learner on a toy problem after LrFind and FitOneCycle, for the recorder's pictures.
    static Mnist.Scripting.Training.Learner Trained(out Mnist.Scripting.Training.SuggestedLrs found)
    {
        var g = new Generator(2);
        var x = Tensor.Randn([128, 3], g);
        var ds = new Mnist.Scripting.Data.TensorDataset(x, x.Sum([1], keepDim: true).Gt(0.0).Float());
        var dls = new Mnist.Scripting.Data.DataLoaders(new Mnist.Scripting.Data.DataLoader(ds, 16), new Mnist.Scripting.Data.DataLoader(ds, 64));
        var learn = new Mnist.Scripting.Training.Learner(dls, new Mnist.Scripting.NN.Linear(3, 1, generator: g), Mnist.Scripting.Optim.Adam.Create,
            Mnist.Scripting.NN.F.MnistLoss, Mnist.Scripting.NN.F.BatchAccuracy) { Output = TextWriter.Null, Progress = Mnist.Scripting.Training.ProgressMode.Off };
        found = learn.LrFind(numIt: 40);
        return learn;
    }

    [Test]
    public void TheRecordersPicturesAreDrawn()
    {
        var learn = Trained(out var found);
        using (var lrFind = Load(learn.Recorder.PlotLrFind(found)))
        {
            Assert.That(Variance(lrFind), Is.GreaterThan(100), "lr_find not blank");
            Assert.That(output.ToString(), Does.Contain("plot_lr_find"));
        }
        Assert.Throws<InvalidOperationException>(() => new Mnist.Scripting.Training.Recorder([]).PlotLoss());
        learn.FitOneCycle(2, found.Valley);
        using var loss = Load(learn.Recorder.PlotLoss());
        using var sched = Load(learn.Recorder.PlotSched());
        Assert.That(Variance(loss), Is.GreaterThan(100), "plot_loss not blank");
        Assert.That((sched.Width, Variance(sched) > 100), Is.EqualTo((1200, true)), "plot_sched: two panels, not blank");
    }

    [Test]
    public void BatchesResultsAndTheInterpretationAreDrawn()
    {
        var g = new Generator(5);
        var x = Tensor.Rand([48, 784], g);
        var ds = new Mnist.Scripting.Data.TensorDataset(x, Tensor.FromArray(Enumerable.Range(0, 48).Select(i => (long)(i % 10)).ToArray()));
        var dls = new Mnist.Scripting.Data.DataLoaders(new Mnist.Scripting.Data.DataLoader(ds, 16), new Mnist.Scripting.Data.DataLoader(ds, 16));
        var learn = new Mnist.Scripting.Training.Learner(dls, new Mnist.Scripting.NN.Linear(784, 10, generator: g), Mnist.Scripting.Optim.Adam.Create,
            Mnist.Scripting.NN.F.CrossEntropy, Mnist.Scripting.NN.F.Accuracy) { Output = TextWriter.Null, Progress = Mnist.Scripting.Training.ProgressMode.Off };
        var interp = Mnist.Scripting.Training.ClassificationInterpretation.FromLearner(learn);
        foreach (var chart in new[] { dls.ShowBatch(), learn.ShowResults(), interp.PlotConfusionMatrix(), interp.PlotTopLosses(6) })
        {
            using var bitmap = Load(chart);
            Assert.That(Variance(bitmap), Is.GreaterThan(100), $"{chart.Path} not blank");
        }
        Assert.That(output.ToString(), Does.Contain("show_batch").And.Contain("show_results").And.Contain("confusion_matrix").And.Contain("plot_top_losses"));
        var e = Assert.Throws<ArgumentException>(() => ShowImages([x[0].View(28, 28)], ["a", "b"]));
        Assert.That(e!.Message, Does.Contain("1 images but 2 titles"));
    }

    [Test]
    public void PlotFunctionSavesTheRequestedSizeAndDrawsTheTitle()
    {
        Assume.That(FontCheck.Problem, Is.Empty, "no font on this machine: " + FontCheck.Problem);
        var titled = PlotFunction(x => x.Pow(2), "x**2 with a long title", -2, 2, "x", "x**2", markX: -1.5, width: 640, height: 480);
        var untitled = PlotFunction(x => x.Pow(2), "i", -2, 2, "x", "x**2", markX: -1.5, width: 640, height: 480);
        using var a = Load(titled);
        using var b = Load(untitled);
        Assert.That(titled.Path, Does.StartWith(folder));
        Assert.That(output.ToString(), Does.Contain($"[plot] {titled.Path} (640x480)"));
        Assert.That(Variance(a), Is.GreaterThan(100), "not blank");
        // Same layout, a one-letter title: the strip's dark pixels come from the title's glyphs (fonts work).
        var strip = new SKRectI(100, 0, 540, 35);
        Assert.That(DarkPixels(a, strip), Is.GreaterThan(50));
        Assert.That(DarkPixels(b, strip), Is.LessThan(DarkPixels(a, strip) / 5));
    }

    [Test]
    public void PlotFunctionMarksTheRedDot()
    {
        using var bitmap = Load(PlotFunction(v => v * v, "dot", -2, 2, markX: -1.5));
        int red = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red > 200 && c.Green < 60 && c.Blue < 60) red++;
            }
        Assert.That(red, Is.GreaterThan(20));
    }

    [Test]
    public void ShowImageUsesGreysWithoutAxes()
    {
        var image = Tensor.Zeros(28, 28);
        image[.., 14] = Tensor.Ones(28); // a dark vertical bar in the middle column
        using var bitmap = Load(ShowImage(image, width: 280, height: 280));
        Assert.That(bitmap.GetPixel(5, 5).Red, Is.EqualTo(255), "0 is white");
        Assert.That(bitmap.GetPixel(145, 140).Red, Is.EqualTo(0), "1 is black");
        var bytes = Tensor.FromArray(Enumerable.Repeat((byte)255, 4).ToArray(), 2, 2);
        using var fromBytes = Load(ShowImage(bytes, width: 20, height: 20));
        Assert.That(fromBytes.GetPixel(10, 10).Red, Is.EqualTo(0), "uint8 255 is black");
    }

    [Test]
    public void ShowImageRejectsABatch()
    {
        var e = Assert.Throws<ArgumentException>(() => ShowImage(Tensor.Zeros(2, 28, 28)));
        Assert.That(e!.Message, Does.Contain("ShowImage").And.Contain("[2, 28, 28]").IgnoreCase);
    }

    [Test]
    public void HeatmapDrawsNumbersInCells()
    {
        Assume.That(FontCheck.Problem, Is.Empty, "no font on this machine: " + FontCheck.Problem);
        var slice = Tensor.FromArray(Enumerable.Range(0, 11 * 18).Select(i => (byte)(i % 256)).ToArray(), 11, 18);
        var chart = ShowHeatmap(slice, cellWidth: 30, cellHeight: 20);
        using var bitmap = Load(chart);
        Assert.That((chart.Width, chart.Height), Is.EqualTo((19 * 30, 12 * 20)));
        // The first data cell (value 0) is white with black digits: text pixels appear on a white background.
        Assert.That(DarkPixels(bitmap, new SKRectI(30, 20, 60, 40)), Is.GreaterThan(3));
        Assert.That(Variance(bitmap), Is.GreaterThan(100));
    }

    [Test]
    public void LinesScatterAndSubplots()
    {
        using var line = Load(PlotLine([0.63, 0.54, 0.19, 0.08], "loss", "epoch", "loss"));
        Assert.That(Variance(line), Is.GreaterThan(50));
        using var scatter = Load(Scatter(Tensor.Arange(0, 20).Float(), Tensor.Randn(20), "speed"));
        Assert.That(Variance(scatter), Is.GreaterThan(50));
        var fig = Subplots(1, 4, 1200, 300);
        for (int i = 0; i < 4; i++) fig[i].Points([1.0, 2, 3], [3.0, 1, 2]).Line([1.0, 3], [1.0, 3], "red").Title($"step {i}").YLim(-1, 4);
        var chart = fig.Save("preds");
        using var figure = Load(chart);
        Assert.That((chart.Width, chart.Height), Is.EqualTo((1200, 300)));
        for (int i = 0; i < 4; i++)
            Assert.That(Variance(figure, new SKRectI(i * 300, 0, i * 300 + 300, 300)), Is.GreaterThan(50), $"panel {i}");
    }

    [Test]
    public void MismatchedLengthsAreExplained()
    {
        var e = Assert.Throws<ArgumentException>(() => new Panel().Line([1.0, 2], [1.0]));
        Assert.That(e!.Message, Does.Contain("same length"));
    }

    [Test]
    public void EnvironmentVariableChoosesThePlotFolder()
    {
        DslOutput.PlotFolder = null;
        var env = Path.Combine(folder, "from-env");
        Environment.SetEnvironmentVariable(DslOutput.PlotsVariable, env);
        try { Assert.That(PlotLine([1.0, 2.0]).Path, Does.StartWith(env)); }
        finally { Environment.SetEnvironmentVariable(DslOutput.PlotsVariable, null); }
        Assert.That(DslOutput.PlotFolder, Is.EqualTo("plots"));
    }

    [Test]
    public void AnsiRenderingInATerminal()
    {
        DslOutput.Ansi = true;
        ShowImage(Tensor.Ones(4, 4));
        ShowHeatmap(Tensor.Of(new[,] { { 0, 255 }, { 128, 3 } }));
        var text = output.ToString();
        Assert.That(text, Does.Contain("\u001b[38;2;0;0;0m\u001b[48;2;0;0;0m▀"));
        Assert.That(text, Does.Contain("255"));
    }

    [Test]
    public void FontDetection()
    {
        Assert.That(FontCheck.Diagnose(null), Does.Contain("fonts-dejavu-core"));
        using var empty = SKTypeface.FromData(SKData.CreateCopy(new byte[16]));
        Assert.That(FontCheck.Diagnose(empty), Is.Not.Null);
        using var dejavu = SKFontManager.Default.MatchFamily("DejaVu Sans");
        Assume.That(dejavu, Is.Not.Null, "fonts-dejavu-core is not installed here");
        Assert.That(FontCheck.Diagnose(dejavu), Is.Null);
        Assert.That(FontCheck.Problem, Is.Empty, "fonts-dejavu-core is installed, so text renders");
    }
}
