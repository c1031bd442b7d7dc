// The F# twins of steps 2, 5 and 10 (scripts/fsharp/*.fsx) run by `dotnet fsi` and give the C# scripts' numbers.
using static Mnist.Scripting.Tests.Scripts.BookTable;

namespace Mnist.Scripting.Tests.Scripts;

[Category("Scripts")]
public class FSharpScriptTests
{
    [Test]
    public void FSharp02PixelSimilarity()
    {
        var r = ScriptHarness.Run("fsharp/02_pixel_similarity.fsx");
        ChapterScriptTests.CheckPixelSimilarity("F# 02", r, "mean3", "a_3");
        Exact("F# 02", "im3[4..9, 4..9] (F# slice syntax)", ChapterScriptTests.Im3Pixels, r.Text("pixels_4_10"));
    }

    [Test]
    public void FSharp05SgdOnASquare()
    {
        var r = ScriptHarness.Run("fsharp/05_sgd_on_a_square.fsx");
        ChapterScriptTests.CheckSgdOnASquare("F# 05", r);
        Exact("F# 05", "xt after one step at lr 0.1 (ours, not in the book)", "[2.4,3.2,8]", r.Text("after_step"));
    }

    [Test]
    public void FSharp10OptimizerAndLearner()
    {
        var r = ScriptHarness.Run("fsharp/10_optimizer_and_learner.fsx");
        TrainingScriptTests.CheckOptimizerAndLearner("F# 10", r);
        Assert.That(r.Out, Does.Contain("epoch     train_loss  valid_loss  batch_accuracy  time"), "the F# Learner's metric keeps its name");
    }
}
