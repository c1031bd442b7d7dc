// The F# twins of the chapter's steps (scripts/fsharp/*.fsx) run by `dotnet fsi` and give the C# scripts' numbers,
// checked by the C# tests' own Check* methods under the label "F# NN".
using static Mnist.Scripting.Tests.Scripts.BookTable;

namespace Mnist.Scripting.Tests.Scripts;

[Category("Scripts")]
[Parallelizable]
public class FSharpScriptTests
{
    [Test]
    public void FSharp01Data() => ChapterScriptTests.CheckData("F# 01", ScriptHarness.Run("fsharp/01_data.fsx"));

    [Test]
    public void FSharp02PixelSimilarity()
    {
        var r = ScriptHarness.Run("fsharp/02_pixel_similarity.fsx");
        ChapterScriptTests.CheckPixelSimilarity("F# 02", r, "mean3", "a_3");
        Exact("F# 02", "im3[4..9, 4..9] (F# slice syntax)", ChapterScriptTests.Im3Pixels, r.Text("pixels_4_10"));
    }

    [Test]
    public void FSharp03ArraysAndTensors() =>
        ChapterScriptTests.CheckArraysAndTensors("F# 03", ScriptHarness.Run("fsharp/03_arrays_and_tensors.fsx"));

    [Test]
    public void FSharp04BroadcastingBaseline() =>
        ChapterScriptTests.CheckBroadcastingBaseline("F# 04", ScriptHarness.Run("fsharp/04_broadcasting_baseline.fsx"));

    [Test]
    public void FSharp05SgdOnASquare()
    {
        var r = ScriptHarness.Run("fsharp/05_sgd_on_a_square.fsx");
        ChapterScriptTests.CheckSgdOnASquare("F# 05", r);
        Exact("F# 05", "xt after one step at lr 0.1 (ours, not in the book)", "[2.4,3.2,8]", r.Text("after_step"));
    }

    [Test]
    public void FSharp06RollerCoaster() => ChapterScriptTests.CheckRollerCoaster("F# 06", ScriptHarness.Run("fsharp/06_roller_coaster.fsx"));

    [Test]
    public void FSharp07MnistLoss() => TrainingScriptTests.CheckMnistLoss("F# 07", ScriptHarness.Run("fsharp/07_mnist_loss.fsx"));

    [Test]
    public void FSharp08MiniBatches() => TrainingScriptTests.CheckMiniBatches("F# 08", ScriptHarness.Run("fsharp/08_mini_batches.fsx"));

    [Test]
    public void FSharp09LinearFromScratch() =>
        TrainingScriptTests.CheckLinearFromScratch("F# 09", ScriptHarness.Run("fsharp/09_linear_from_scratch.fsx"));

    [Test]
    public void FSharp10OptimizerAndLearner()
    {
        var r = ScriptHarness.Run("fsharp/10_optimizer_and_learner.fsx");
        TrainingScriptTests.CheckOptimizerAndLearner("F# 10", r);
        Assert.That(r.Out, Does.Contain("epoch     train_loss  valid_loss  batch_accuracy  time"), "the F# Learner's metric keeps its name");
    }

    [Test]
    public void FSharp11SimpleNet() => TrainingScriptTests.CheckSimpleNet("F# 11", ScriptHarness.Run("fsharp/11_simple_net.fsx"));

    [Test]
    public void FSharp12FullMnist() =>
        TrainingScriptTests.CheckFullMnist("F# 12", ScriptHarness.Run("fsharp/12_full_mnist.fsx", timeoutSeconds: 600));

    [Test]
    public void FSharp13AllDigits() =>
        TrainingScriptTests.CheckAllDigits("F# 13", ScriptHarness.Run("fsharp/13_all_digits.fsx", timeoutSeconds: 600));

    [Test]
    public void TheReadmesFirstExampleRunsFromThePackages()
    {
        // The F# route exactly as the README prints it: its one-time shell line (pack, add the folder as a package
        // source), then the example as a script that only says `#r "nuget: Mnist.Scripting.FSharp"`. A fresh HOME keeps
        // the source out of this machine's NuGet configuration; a fresh package folder makes the restore take the
        // packages just packed, not ones cached by an earlier run.
        var home = Directory.CreateTempSubdirectory("mnist-readme-home-").FullName;
        try
        {
            var readme = File.ReadAllText(RepoPaths.Under("README.md"));
            var fsharp = readme.IndexOf("## F#", StringComparison.Ordinal);
            var shStart = readme.IndexOf("```sh\n", fsharp, StringComparison.Ordinal) + 6;
            var setup = readme[shStart..readme.IndexOf("```", shStart, StringComparison.Ordinal)].Trim();
            Assert.That(setup, Does.StartWith("fsharp/pack.sh && dotnet nuget add source"));
            var start = readme.IndexOf("```fsharp\n", fsharp, StringComparison.Ordinal);
            Assert.That(start, Is.GreaterThan(0), "README.md shows an F# example");
            var example = readme[(start + 10)..readme.IndexOf("```", start + 10, StringComparison.Ordinal)];
            Assert.That(example, Does.StartWith("#r \"nuget: Mnist.Scripting.FSharp\""));
            var env = new Dictionary<string, string> { ["HOME"] = home, ["NUGET_PACKAGES"] = Path.Combine(home, "packages"), ["DOTNET_CLI_HOME"] = home };
            var (code, output, _) = ChildProcess.Run("bash", ["-c", $"cd '{RepoPaths.Root}' && {setup.Split('#')[0]}"], TimeSpan.FromMinutes(10), env);
            Assert.That(code, Is.Zero, output);
            var script = Path.Combine(home, "first.fsx");
            File.WriteAllText(script, example);
            (code, output, _) = ChildProcess.Run("dotnet", ["fsi", "--quiet", script], TimeSpan.FromMinutes(10), env);
            Assert.That(code, Is.Zero, output);
            Assert.That(output, Does.Contain("tensor([ 6.,  8., 20.])").And.Contain("tensor([2.4000, 3.2000, 8.0000], requires_grad=True)"));
        }
        finally { Directory.Delete(home, recursive: true); }
    }
}
