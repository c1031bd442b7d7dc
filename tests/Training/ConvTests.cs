// Conv2d and MaxPool2d against naive loops, with float64 finite-difference checks of their gradients.
using Mnist.Scripting.NN;

namespace Mnist.Scripting.Tests.Training;

public class ConvTests
{
    // out[n, o, y, x] = b[o] + Σ_c,i,j w[o, c, i, j] · in[n, c, y·s + i - p, x·s + j - p] (zero outside).
    static double[] NaiveConv(double[] inp, int n, int c, int h, int w, double[] wt, double[] b, int o, int k, int s, int p)
    {
        int ho = (h + 2 * p - k) / s + 1, wo = (w + 2 * p - k) / s + 1;
        var r = new double[n * o * ho * wo];
        for (int a = 0; a < n; a++) for (int f = 0; f < o; f++) for (int y = 0; y < ho; y++) for (int x = 0; x < wo; x++)
        {
            double acc = b[f];
            for (int ch = 0; ch < c; ch++) for (int i = 0; i < k; i++) for (int j = 0; j < k; j++)
            {
                int yy = y * s + i - p, xx = x * s + j - p;
                if (yy >= 0 && yy < h && xx >= 0 && xx < w) acc += wt[((f * c + ch) * k + i) * k + j] * inp[((a * c + ch) * h + yy) * w + xx];
            }
            r[((a * o + f) * ho + y) * wo + x] = acc;
        }
        return r;
    }

    // The last two cases have padding wider than the input, so some kernel columns never reach inside it.
    [TestCase(1, 0, 3, 6, 5)]
    [TestCase(2, 1, 3, 6, 5)]
    [TestCase(1, 2, 5, 1, 1)]
    [TestCase(1, 3, 7, 2, 2)]
    public void Conv2dMatchesNaiveLoops(int stride, int padding, int k, int h, int w)
    {
        var g = new Generator(5);
        var conv = new Conv2d(2, 3, k, stride, padding, generator: g);
        var x = Tensor.Randn([2, 2, h, w], g);
        var y = conv.Forward(x);
        int ho = (h + 2 * padding - k) / stride + 1, wo = (w + 2 * padding - k) / stride + 1;
        Assert.That(y.Shape, Is.EqualTo(new Size(2, 3, ho, wo)));
        var expected = NaiveConv(x.ToArray<double>(), 2, 2, h, w, conv.Weight.ToArray<double>(), conv.Bias!.ToArray<double>(), 3, k, stride, padding);
        Assert.That(y.ToArray<double>(), Is.EqualTo(expected).Within(1e-5));
    }

    [Test]
    public void Conv2dGradientsMatchFiniteDifferences()
    {
        var g = new Generator(9);
        var x = Tensor.Randn([1, 2, 4, 4], g).Double().RequiresGrad();
        var w = Tensor.Randn([2, 2, 3, 3], g).Double();
        // Float32 parameters would blur the check: run the model in float64 by hand with the same ops.
        // Parameters are float32, which would blur a finite-difference check: run F.Conv2d in float64 with the same ops.
        var wd = w.RequiresGrad();
        var bd = Tensor.Of(0.5, -0.25).Double().RequiresGrad();
        Tensor Loss(Tensor input, Tensor weight, Tensor bias) => F.Conv2d(input, weight, bias, stride: 1, padding: 1).Square().Sum();
        Loss(x, wd, bd).Backward();
        Check(x, v => Loss(v, w, bd.Detach()));
        Check(wd, v => Loss(x.Detach(), v, bd.Detach()));
        Check(bd, v => Loss(x.Detach(), w, v));
    }

    static void Check(Tensor leaf, Func<Tensor, Tensor> loss)
    {
        var analytic = leaf.Grad!.ToArray<double>();
        var values = leaf.Detach().ToArray<double>();
        var shape = leaf.Shape.ToArray();
        const double h = 1e-6;
        for (int i = 0; i < values.Length; i++)
        {
            double At(double d)
            {
                var v = (double[])values.Clone();
                v[i] += d;
                return loss(Tensor.FromArray(v, shape)).Item();
            }
            double numeric = (At(h) - At(-h)) / (2 * h);
            Assert.That(analytic[i], Is.EqualTo(numeric).Within(1e-5 * Math.Max(1, Math.Abs(numeric))), $"element {i}");
        }
    }

    [Test]
    public void MaxPool2dTakesWindowMaximaAndRoutesGradients()
    {
        var x = Tensor.Of(new[,] { { 1.0, 2.0, 5.0, 0.0, 9.0 }, { 3.0, 4.0, 1.0, 1.0, 9.0 }, { 0.0, 0.0, 7.0, 8.0, 9.0 } }).View(1, 1, 3, 5).RequiresGrad();
        var y = new MaxPool2d(2).Forward(x);
        Assert.That(y.Shape, Is.EqualTo(new Size(1, 1, 1, 2)), "the odd last row and column are dropped");
        Assert.That(y.ToArray<float>(), Is.EqualTo(new[] { 4f, 5f }));
        y.Sum().Backward();
        Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new float[] { 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 }));
    }

    [Test]
    public void MaxPool2dSendsATiesGradientToTheFirstMaximumAsPyTorchDoes()
    {
        var x = Tensor.Of(new[,] { { 2.0, 2.0 }, { 1.0, 2.0 } }).View(1, 1, 2, 2).RequiresGrad();
        F.MaxPool2d(x, 2).Sum().Backward();
        Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new float[] { 1, 0, 0, 0 }));
    }

    [Test]
    public void MaxPool2dPropagatesNaNAsPyTorchDoes()
    {
        var x = Tensor.Of(new[,] { { 1.0, double.NaN }, { 3.0, 2.0 } }).View(1, 1, 2, 2).RequiresGrad();
        var y = F.MaxPool2d(x, 2);
        Assert.That(float.IsNaN(y.Item<float>()));
        y.Sum().Backward();
        Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new float[] { 0, 1, 0, 0 }));
    }

    // Planes large enough for the 16-window AVX-512 rows (and their scalar last rows), odd widths, several chunks per row;
    // values from {0, 1, 2, 3} so ties are everywhere, and NaNs: against PyTorch's rule run as a plain loop.
    [TestCase(2, 3, 28, 28)]
    [TestCase(2, 2, 14, 14)]
    [TestCase(1, 2, 34, 70)]
    [TestCase(1, 1, 15, 15)]
    [TestCase(1, 1, 9, 40)]
    public void MaxPool2dFloatMatchesTheRuleWithTiesAndNaNs(int n, int c, int h, int w)
    {
        var rng = new Random(h * 100 + w);
        var data = new float[n * c * h * w];
        for (int i = 0; i < data.Length; i++) data[i] = rng.Next(50) == 0 ? float.NaN : rng.Next(4);
        var (values, indices) = Tensor.FromArray(data, [n, c, h, w]).MaxPool2dWithIndices(2, 2);
        var got = values.ToArray<float>();
        var at = indices.ToArray<long>();
        int ho = h / 2, wo = w / 2;
        for (int plane = 0; plane < n * c; plane++)
            for (int y = 0; y < ho; y++)
                for (int x = 0; x < wo; x++)
                {
                    int best = 2 * y * w + 2 * x;
                    foreach (int e in new[] { 2 * y * w + 2 * x + 1, (2 * y + 1) * w + 2 * x, (2 * y + 1) * w + 2 * x + 1 })
                    {
                        float ev = data[plane * h * w + e], bv = data[plane * h * w + best];
                        if (ev > bv || float.IsNaN(ev)) best = e;
                    }
                    int o = (plane * ho + y) * wo + x;
                    float expected = data[plane * h * w + best];
                    if (at[o] != best || !(got[o] == expected || float.IsNaN(got[o]) && float.IsNaN(expected)))
                        Assert.Fail($"plane {plane}, window ({y}, {x}): got {got[o]} at {at[o]}, expected {expected} at {best}");
                }
    }

    // The AVX-512 stride-1 unfold and fold against the scalar loops, bit for bit: rows of one partial chunk (3, 7, 14),
    // of whole and partial chunks (28, 33, 40), padding 0, 1, 2 and wider than the kernel reaches.
    [TestCase(3, 2, 14, 14, 3, 1)]
    [TestCase(2, 1, 28, 28, 3, 1)]
    [TestCase(2, 3, 9, 40, 5, 2)]
    [TestCase(1, 2, 7, 7, 1, 0)]
    [TestCase(2, 2, 5, 5, 3, 0)]
    [TestCase(2, 2, 20, 33, 3, 1)]
    [TestCase(1, 1, 3, 3, 3, 2)]
    [NonParallelizable]
    public void VectorUnfoldAndFoldMatchTheScalarLoops(int n, int c, int h, int w, int k, int p)
    {
        if (!Mnist.Scripting.Backends.Cpu.Windows512.Enabled) Assert.Ignore("no AVX-512 on this CPU: the scalar loops run (checked above)");
        var x = Tensor.Randn([n, c, h, w], new Generator(h * w + k));
        var window = new Mnist.Scripting.Backends.Window2d(n, c, h, w, k, 1, p);
        var g = Tensor.Randn([c * k * k, n * window.Ho * window.Wo], new Generator(7));
        float[] Run(bool vector, Func<Tensor> op)
        {
            Mnist.Scripting.Backends.Cpu.Windows512.Enabled = vector;
            try { return op().ToArray<float>(); }
            finally { Mnist.Scripting.Backends.Cpu.Windows512.Enabled = true; }
        }
        Assert.That(Run(true, () => x.Im2Col(k, 1, p)), Is.EqualTo(Run(false, () => x.Im2Col(k, 1, p))).AsCollection, "unfold");
        Assert.That(Run(true, () => g.Col2Im(window)), Is.EqualTo(Run(false, () => g.Col2Im(window))).AsCollection, "fold");
    }

    [Test]
    public void UnfoldListsEachWindowAsAColumnAndFoldAddsThemBack()
    {
        // 1..4 in a 2x2 image, k=2 with padding 1: 9 windows; window (0, 0) sees only the pixel 1, at its bottom right.
        var x = Tensor.Of(new[,] { { 1.0, 2.0 }, { 3.0, 4.0 } }).View(1, 1, 2, 2);
        var cols = F.Unfold(x, 2, padding: 1);
        Assert.That(cols.Shape, Is.EqualTo(new Size(1, 4, 9)));
        Assert.That(cols[0, .., 0].ToArray<float>(), Is.EqualTo(new float[] { 0, 0, 0, 1 }));
        Assert.That(cols[0, .., 4].ToArray<float>(), Is.EqualTo(new float[] { 1, 2, 3, 4 }));
        // Every pixel lies in 4 of the 9 windows, so fold(unfold(x)) = 4x.
        Assert.That(F.Fold(cols, 2, 2, 2, padding: 1).ToArray<float>(), Is.EqualTo(new float[] { 4, 8, 12, 16 }));
    }

    [Test]
    public void ASmallCnnPrintsAndRuns()
    {
        var cnn = new Sequential(new Conv2d(1, 4, 3, padding: 1), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(4 * 14 * 14, 1));
        Assert.That(cnn.ToString(), Does.Contain("(0): Conv2d(1, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))")
            .And.Contain("(2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)"));
        var y = cnn.Forward(Tensor.Rand(2, 784).View(-1, 1, 28, 28));
        Assert.That(y.Shape, Is.EqualTo(new Size(2, 1)));
        F.MnistLoss(y, Tensor.Of(1, 0).View(2, 1)).Backward();
        Assert.That(cnn.Parameters().All(p => p.Grad is not null));
    }
}
