// The REPL through stdin: multi-line cells, state kept between cells, trailing values, commands.
using Mnist.Scripting.Host;

namespace Mnist.Scripting.Tests.Host;

public class ReplTests
{
    [Test]
    public void VariablesSurviveBetweenCells()
    {
        var output = ReplHarness.Run("var x = Tensor.Of(1.0, 2.0, 3.0);\nvar y = x * 2;\ny.Sum()\n");
        Assert.That(output.Trim(), Is.EqualTo("tensor(12.)"));
    }

    [Test]
    public void MultiLineCellsWaitUntilComplete()
    {
        var input = """
            double Twice(double v)
            {
                return 2 * v;
            }
            var total = 0.0;
            for (int i = 0; i < 3; i++)
            {
                total += Twice(i);
            }
            total
            """;
        Assert.That(ReplHarness.Run(input + "\n").Trim(), Is.EqualTo("6"));
    }

    [TestCase("var a = 1;", true)]
    [TestCase("var a = new[] {", false)]
    [TestCase("void F() {", false)]
    [TestCase("1 + 1", true)]
    [TestCase("x.Sum(", false)]
    // A string or char literal open at the end of a line can never be closed: the cell ends and reports CS1010.
    [TestCase("var s = \"abc", true)]
    [TestCase("var c = 'a", true)]
    [TestCase("var c = '", true)]
    [TestCase("var s = $\"abc", true)]
    [TestCase("var s = $\"a {1} b", true)]
    [TestCase("var s = u8\"abc", true)]
    [TestCase("F(\"abc", true)]
    [TestCase("void F() {\n  var s = \"abc", true)]
    [TestCase("var s = $\"{$\"abc", true)]
    // Verbatim and raw strings, and the holes of interpolated strings, may span lines.
    [TestCase("var s = @\"abc", false)]
    [TestCase("var s = $@\"abc", false)]
    [TestCase("var s = \"\"\"", false)]
    [TestCase("var s = \"\"\"abc", false)]
    [TestCase("var s = $\"\"\"abc {", false)]
    [TestCase("var s = $\"abc {", false)]
    [TestCase("var s = $\"abc {1 +", false)]
    [TestCase("var s = $\"{@\"abc", false)]
    [TestCase("var s = @\"abc\n\";", true)]
    [TestCase("var s = $\"abc {1 +\n 2}\";", true)]
    [TestCase("var x = 1; // \"abc", true)]
    [TestCase("/* \"abc", false)]
    public void CompleteSubmissionCheck(string code, bool complete)
        => Assert.That(Repl.IsComplete(code), Is.EqualTo(complete));

    [Test]
    public void UnterminatedLiteralsEndTheCellButVerbatimAndRawStringsContinue()
    {
        var output = ReplHarness.Run("var kept = 5;\nvar c = 'x\nkept\nvar v = @\"a\nb\";\nv.Length\nvar r = \"\"\"\n  raw\n  \"\"\";\nr\nkept\n");
        Assert.That(ReplHarness.Lines(output), Is.EqualTo(new[]
        {
            "(cell)(1,9): error CS1010: Newline in constant", "(cell)(1,11): error CS1002: ; expected", "5", "3", "\"raw\"", "5",
        }));
    }

    [Test]
    public void TrailingValuesAreShownLikePython()
    {
        var output = ReplHarness.Lines(ReplHarness.Run("""
            Tensor.Of(new[,] { { 1, 2, 3 }, { 4, 5, 6 } }) * 1.5
            (Tensor.Of(0.1114), Tensor.Of(0.2021))
            Enumerable.Range(0, 26).ToList()
            "abc"
            var nothing = 1;
            Console.Out.Flush()
            3.5
            """ + "\n"));
        Assert.That(output, Is.EqualTo(new[]
        {
            "tensor([[1.5000, 3.0000, 4.5000],",
            "        [6.0000, 7.5000, 9.0000]])",
            "(tensor(0.1114), tensor(0.2021))",
            "List<int>(#26) [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...]",
            "\"abc\"",
            "3.5",
        }));
    }

    [Test]
    public void ResetForgetsVariables()
    {
        var output = ReplHarness.Run("var kept = 41;\nkept + 1\n:reset\nkept\n");
        Assert.That(output, Does.Contain("42"));
        Assert.That(output, Does.Contain("Session reset"));
        Assert.That(output, Does.Contain("error CS0103: The name 'kept' does not exist"));
    }

    [Test]
    public void VarsListsNamesTypesAndValues()
    {
        var output = ReplHarness.Run("var lr = 1e-5;\nvar w = Tensor.Zeros(2);\n:vars\n");
        Assert.That(output, Does.Contain("lr : double = 1E-05"));
        Assert.That(output, Does.Contain("w : Tensor = tensor([0., 0.])"));
    }

    [Test]
    public void TimeReportsWallTimeOfTheNextCell()
    {
        var output = ReplHarness.Run(":time\nvar t = Tensor.Ones(10).Sum();\n:time t.Item()\n");
        Assert.That(ReplHarness.Lines(output).Count(l => l.StartsWith("Wall time: ") && l.EndsWith(" ms")), Is.EqualTo(2));
        Assert.That(output, Does.Contain("\n10\n"));
    }

    [Test]
    public void LoadRunsAFileInTheSession()
    {
        var dir = Directory.CreateTempSubdirectory("repl-load").FullName;
        File.WriteAllText(Path.Combine(dir, "helpers.csx"), "double Half(double v) => v / 2;\n");
        File.WriteAllText(Path.Combine(dir, "cell.csx"), "#load \"helpers.csx\"\nvar loaded = Half(9);\n");
        var output = ReplHarness.Run($":load {Path.Combine(dir, "cell.csx")}\nloaded\n:load /no/such/file.csx\n");
        Assert.That(output, Does.Contain("4.5"));
        Assert.That(output, Does.Contain("not found"));
    }

    [Test]
    public void HelpQuitAndUnknownCommands()
    {
        var output = ReplHarness.Run(":help\n:frobnicate\n:quit\nvar never = 1;\nnever\n");
        Assert.That(output, Does.Contain(":reset"));
        Assert.That(output, Does.Contain("Unknown command ':frobnicate'"));
        Assert.That(output, Does.Not.Contain("never"));
    }

    [Test]
    public void PreludeMakesTheDslAndNamespacesAvailable()
    {
        Assert.That(ReplHarness.Env.Imports, Does.Contain("Mnist.Scripting").And.Contain("Mnist.Scripting.Data").And.Contain("Mnist.Scripting.Dsl"));
        Assert.That(ReplHarness.Env.StaticImports, Does.Contain("Mnist.Scripting.Dsl.Prelude"));
        Assert.That(ReplHarness.Env.StaticImports, Has.None.EndsWith(".F"));
        var output = ReplHarness.Run("Report(\"answer\", 42L);\nnew DataLoaders([], []).GetType().Name\n");
        Assert.That(output, Does.Contain("#report answer = 42"));
        Assert.That(output, Does.Contain("\"DataLoaders\""));
    }

    [Test]
    public void TwoBlankLinesSubmitAnIncompleteCell()
    {
        var output = ReplHarness.Run("var broken = (1 +\n\n\nvar fine = 2;\nfine\n");
        Assert.That(output, Does.Contain("error CS"));
        Assert.That(output.TrimEnd(), Does.EndWith("2"));
    }

    [Test]
    public void ChartsShowTheirPathOnce()
    {
        var folder = Directory.CreateTempSubdirectory("repl-plots").FullName;
        Mnist.Scripting.Dsl.DslOutput.PlotFolder = folder;
        try
        {
            var output = ReplHarness.Run("PlotFunction(x => x * x, \"square\")\nvar c = PlotLine(new[] { 1.0, 2.0 }, \"curve\");\nc\n");
            var lines = ReplHarness.Lines(output);
            Assert.That(lines.Count(l => l.Contains("square-")), Is.EqualTo(1), output);
            Assert.That(lines.Count(l => l.Contains("curve-")), Is.EqualTo(2), output);
            Assert.That(lines[^1], Does.StartWith(folder).And.EndWith(".png"));
        }
        finally { Mnist.Scripting.Dsl.DslOutput.PlotFolder = null; }
    }
}
