// Steps 1-6 of the chapter run through the real host; their deterministic numbers must be the book's, their charts drawn.
using System.Globalization;
using System.Text.RegularExpressions;
using static Mnist.Scripting.Tests.Scripts.BookTable;

namespace Mnist.Scripting.Tests.Scripts;

[Category("Scripts")]
[Parallelizable]
public class ChapterScriptTests
{
    /// <summary>A reported nested list ("[[1.5,3],[6,7.5]]") with every number printed as PyTorch does, with N decimals.</summary>
    internal static string WithDecimals(string list, int decimals) =>
        Regex.Replace(list, @"-?\d+(\.\d+)?(E-?\d+)?", m =>
            double.Parse(m.Value, CultureInfo.InvariantCulture).ToString("F" + decimals, CultureInfo.InvariantCulture));

    internal const string Im3Pixels =
        "[[0,0,0,0,0,0],[0,0,0,0,0,29],[0,0,0,48,166,224],[0,93,244,249,253,187],[0,107,253,253,230,48],[0,3,20,20,15,0]]";

    [Test]
    public void Step01Data() => CheckData("01", ScriptHarness.Run("01_data.csx"));

    internal static void CheckData(string step, ScriptResult r)
    {
        Exact(step, "len(threes)", "6131", r.Text("threes_count"));
        Exact(step, "len(sevens)", "6265", r.Text("sevens_count"));
        Exact(step, "threes[1]", "train/3/10000.png", r.Text("threes_1"));
        Exact(step, "tensor(im3)[4:10,4:10]", Im3Pixels, r.Text("pixels_4_10"));
        ScriptHarness.AssertCharts(r, "im3", "im3_t_4_15_4_22");
    }

    [Test]
    public void Step02PixelSimilarity() =>
        CheckPixelSimilarity("02", ScriptHarness.Run("02_pixel_similarity.csx"), "three_tensors_1", "mean3", "mean7", "a_3");

    internal static void CheckPixelSimilarity(string step, ScriptResult r, params string[] charts)
    {
        Exact(step, "stacked_threes.shape", "torch.Size([6131, 28, 28])", r.Text("stacked_threes_shape"));
        Decimals(step, "(a_3-mean3).abs().mean()", "0.1114", r.Number("dist3_l1"));
        Decimals(step, "((a_3-mean3)**2).mean().sqrt()", "0.2021", r.Number("dist3_rmse"));
        Decimals(step, "(a_3-mean7).abs().mean()", "0.1586", r.Number("dist7_l1"));
        Decimals(step, "((a_3-mean7)**2).mean().sqrt()", "0.3021", r.Number("dist7_rmse"));
        Decimals(step, "F.l1_loss(a_3.float(),mean7)", "0.1586", r.Number("f_l1_loss"));
        Decimals(step, "F.mse_loss(a_3,mean7).sqrt()", "0.3021", r.Number("f_mse_loss_sqrt"));
        ScriptHarness.AssertCharts(r, charts);
    }

    [Test]
    public void Step03ArraysAndTensors() => CheckArraysAndTensors("03", ScriptHarness.Run("03_arrays_and_tensors.csx"));

    internal static void CheckArraysAndTensors(string step, ScriptResult r)
    {
        Exact(step, "tensor(data)", "[[1,2,3],[4,5,6]]", r.Text("tns"));
        Exact(step, "tns[1]", "[4,5,6]", r.Text("tns_1"));
        Exact(step, "tns[:,1]", "[2,5]", r.Text("tns_col_1"));
        Exact(step, "tns[1,1:3]", "[5,6]", r.Text("tns_1_1_3"));
        Exact(step, "tns+1", "[[2,3,4],[5,6,7]]", r.Text("tns_plus_1"));
        Exact(step, "tns.type()", "torch.LongTensor", r.Text("tns_type"));
        Exact(step, "tns*1.5", "[[1.5000,3.0000,4.5000],[6.0000,7.5000,9.0000]]", WithDecimals(r.Text("tns_times_1_5"), 4));
    }

    [Test]
    public void Step04BroadcastingBaseline() => CheckBroadcastingBaseline("04", ScriptHarness.Run("04_broadcasting_baseline.csx"));

    internal static void CheckBroadcastingBaseline(string step, ScriptResult r)
    {
        Exact(step, "valid_3_tens.shape", "torch.Size([1010, 28, 28])", r.Text("valid3_shape"));
        Exact(step, "valid_7_tens.shape", "torch.Size([1028, 28, 28])", r.Text("valid7_shape"));
        Decimals(step, "mnist_distance(a_3, mean3)", "0.1114", r.Number("distance_a3_mean3"));
        Exact(step, "tensor([1,2,3]) + tensor(1)", "[2,3,4]", r.Text("broadcast_add"));
        Exact(step, "threes judged 3 (of 1010)", "926", r.Text("threes_right"));
        Exact(step, "sevens judged 7 (of 1028)", "1013", r.Text("sevens_right"));
        Decimals(step, "accuracy_3s", "0.9168", r.Number("accuracy_3s"));
        Decimals(step, "accuracy_7s", "0.9854", r.Number("accuracy_7s"));
        Decimals(step, "(accuracy_3s+accuracy_7s)/2", "0.9511", r.Number("accuracy_mean"));
    }

    [Test]
    public void Step05SgdOnASquare() => CheckSgdOnASquare("05", ScriptHarness.Run("05_sgd_on_a_square.csx"));

    internal static void CheckSgdOnASquare(string step, ScriptResult r)
    {
        Exact(step, "f(xt), xt=3", "9", r.Text("y_scalar"));
        Exact(step, "f(xt).grad_fn", "PowBackward0", r.Text("y_scalar_grad_fn"));
        Exact(step, "xt.grad", "6", r.Text("grad_scalar"));
        Exact(step, "f(xt), xt=[3,4,10]", "125", r.Text("y_vector"));
        Exact(step, "f(xt).grad_fn, vector", "SumBackward0", r.Text("y_vector_grad_fn"));
        Exact(step, "xt.grad, vector", "[6,8,20]", r.Text("grad_vector"));
        ScriptHarness.AssertCharts(r, "x_2", "x_2_at_1_5");
    }

    [Test]
    public void Step06RollerCoaster() => CheckRollerCoaster("06", ScriptHarness.Run("06_roller_coaster.csx"));

    internal static void CheckRollerCoaster(string step, ScriptResult r)
    {
        Exact(step, "torch.arange(0,20).float()", "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19]", r.Text("time"));
        double first = r.Number("loss_first"), last = r.Number("loss_last");
        Trend(step, "apply_step ×10: steps where the loss fell", "9 of 9 (5435.537 → 676.954)",
            string.Create(CultureInfo.InvariantCulture, $"{r.Text("losses_decreasing_steps")} of 9 ({first:F3} → {last:F3})"), "every step lower",
            r.Number("losses_decreasing_steps") == 9 && last < first);
        ScriptHarness.AssertCharts(r, "speed", "roller_coaster_steps");
    }
}
