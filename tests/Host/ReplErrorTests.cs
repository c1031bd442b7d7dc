// Bad input of many kinds: each prints a clear error and the session goes on with its variables intact.
namespace Mnist.Scripting.Tests.Host;

public class ReplErrorTests
{
    static readonly (string Input, string Expected)[] BadInputs =
    [
        ("var = 3;", "error CS"),
        ("int q = ;", "error CS1525"),
        ("undefinedName + 1", "error CS0103: The name 'undefinedName' does not exist"),
        ("Tensor.Ones(3) + Tensor.Ones(4)", "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0"),
        ("Tensor.NoSuchMethod()", "error CS0117"),
        ("int i = \"text\";", "error CS0029"),
        ("string s = null; s.Length", "NullReferenceException"),
        ("int zero = 0; 1 / zero", "DivideByZeroException"),
        ("Tensor.Of(1, 2) / Tensor.Of(0, 0)", ""),
        ("throw new InvalidOperationException(\"custom failure\");", "InvalidOperationException: custom failure"),
        ("(new int[2])[5]", "IndexOutOfRangeException"),
        ("int.Parse(\"abc\")", "FormatException"),
        ("object o = \"s\"; var n = (int)o;", "InvalidCastException"),
        ("Tensor.Ones(2, 3).MatMul(Tensor.Ones(2, 3))", "Exception"),
        ("Tensor.Ones(4).View(3)", "Exception"),
        ("Tensor.Ones(3)[7]", "Exception"),
        ("new List<int>().First()", "InvalidOperationException"),
        ("while (true) { }", "KeyboardInterrupt"),
        ("for (;;) ;", "KeyboardInterrupt"),
        ("Tensor.Ones(3).Item()", "Exception"),
        ("var d = new Dictionary<string, int>(); d[\"missing\"]", "KeyNotFoundException"),
        ("#r \"/no/such/assembly.dll\"", "error CS0006"),
        ("#load \"/no/such/file.csx\"", "error CS1504"),
        ("}", "error CS"),
        ("checked(int.MaxValue + int.Parse(\"1\"))", "OverflowException"),
    ];

    const string Interrupted = "KeyboardInterrupt: the cell was interrupted; variables are kept.";

    static IEnumerable<TestCaseData> Cases() => BadInputs.Select(c => new TestCaseData(c.Input, c.Expected).SetName($"BadInput {c.Input}"));

    [TestCaseSource(nameof(Cases))]
    public void SessionSurvivesBadInput(string input, string expected)
    {
        var output = ReplHarness.Run($"var kept = Tensor.Of(7.0);\n{input}\nkept * 2\n", TimeSpan.FromMilliseconds(500));
        var lines = ReplHarness.Lines(output);
        Assert.That(lines[^1], Is.EqualTo("tensor(14.)"), output);
        if (expected.Length > 0) Assert.That(output, Does.Contain(expected), output);
    }

    [Test]
    public void AtLeastTwentyKindsOfBadInput() => Assert.That(BadInputs, Has.Length.GreaterThanOrEqualTo(20));

    [Test]
    public void OnlyOurInterruptIsKeyboardInterrupt()
    {
        var output = ReplHarness.Run("var kept = 1;\nthrow new OperationCanceledException(\"mine\");\nwhile (true) { }\nkept\n", TimeSpan.FromMilliseconds(500));
        Assert.That(ReplHarness.Lines(output), Is.EqualTo(new[] { "OperationCanceledException: mine", "   at (cell):1", Interrupted, "1" }));
    }

    [Test]
    public void RuntimeErrorNamesTheCellLine()
    {
        var output = ReplHarness.Run("var a = 1;\nvar b = 2;\nthrow new Exception(\"third\");\n\n");
        Assert.That(output, Does.Contain("Exception: third"));
        var multi = ReplHarness.Run("{\n  var z = 1;\n  throw new Exception(\"line three\");\n}\n");
        Assert.That(multi, Does.Contain("at (cell):3"), multi);
    }

    [Test]
    public void VariablesAssignedBeforeAnExceptionAreKept()
    {
        var output = ReplHarness.Run("var before = 5; throw new Exception(\"after\");\nbefore\n");
        Assert.That(ReplHarness.Lines(output)[^1], Is.EqualTo("5"));
    }

    [Test]
    public void GuardedLoopsKeepTheLinesTheUserTyped()
    {
        var output = ReplHarness.Run("var n = 0;\nfor (int i = 0; i < 10; i++)\n{\n    if (i == 3) throw new Exception(\"at three\");\n    n += i;\n}\nn\n");
        Assert.That(output, Does.Contain("Exception: at three"));
        // "var n = 0;" is a cell of its own, so the throw is on line 3 of the loop cell.
        Assert.That(output, Does.Contain("at (cell):3"), output);
        Assert.That(ReplHarness.Lines(output)[^1], Is.EqualTo("3"), "n kept its value from before the exception");
    }

    [Test]
    public void LoadedFileErrorsNameTheFile()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("repl-bad").FullName, "broken.csx");
        File.WriteAllText(file, "var fine = 1;\nvar worse = nope;\n");
        var output = ReplHarness.Run($":load {file}\n1 + 1\n");
        Assert.That(output, Does.Contain("broken.csx(2,13): error CS0103"), output);
        Assert.That(ReplHarness.Lines(output)[^1], Is.EqualTo("2"));
    }
}
