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
        // Literals left open at the end of the line: an error for that cell, and the next line is a cell of its own.
        ("var s = \"abc", "(cell)(1,9): error CS1010: Newline in constant"),
        ("var c = 'a", "(cell)(1,9): error CS1010: Newline in constant"),
        ("var c = '", "(cell)(1,9): error CS1011: Empty character literal"),
        ("var s = $\"kept is {kept} and", "(cell)(1,28): error CS1039: Unterminated string literal"),
        ("var s = u8\"abc", "error CS1010: Newline in constant"),
        ("Console.WriteLine(\"abc", "(cell)(1,19): error CS1010: Newline in constant"),
        ("var s = $\"{\"abc", "(cell)(1,12): error CS1010: Newline in constant"),
        ("var s = \"a\\q\";", "(cell)(1,11): error CS1009: Unrecognized escape sequence"),
        // The user's own cancellations are ordinary exceptions; only ours is KeyboardInterrupt.
        ("throw new OperationCanceledException(\"mine\");", "OperationCanceledException: mine\n   at (cell):1\n"),
        ("var cts = new System.Threading.CancellationTokenSource(); cts.Cancel(); cts.Token.ThrowIfCancellationRequested();",
            "OperationCanceledException: The operation was canceled.\n   at (cell):1\n"),
        ("await Task.FromCanceled(new System.Threading.CancellationToken(true))", "TaskCanceledException: A task was canceled.\n   at (cell):1\n"),
        ("await Task.Run(() => throw new OperationCanceledException(\"in task\"))", "OperationCanceledException: in task\n   at (cell):1\n"),
        ("while (true) { try { } catch (OperationCanceledException) { } }", Interrupted),
        ("again: goto again;", Interrupted),
        // Deep recursion: a bounded trace.
        ("int F(int n) => n == 0 ? throw new Exception(\"bottom\") : F(n - 1); F(1000)",
            "Exception: bottom\n   at (cell):1\n   at (cell):1\n   at (cell):1\n   [Previous line repeated 999 more times]\ntensor(14.)"),
        ("Func<int, int> f = null; f = n => n == 0 ? throw new Exception(\"lambda\") : f(n - 1); f(500)",
            "Exception: lambda\n   at (cell):1\n   at (cell):1\n   at (cell):1\n   [Previous line repeated 499 more times]\ntensor(14.)"),
        ("int D(int n) => n == 0 ? 0 : 1 + D(n - 1); D(10000)", "10000\n"),
        // Code of the user's that runs while we show things: getters, ToString, Message, type initializers.
        ("class P { public int X => throw new InvalidOperationException(\"getter\"); } new P().X",
            "InvalidOperationException: getter\n   at (cell):1\n   at (cell):1\n"),
        ("class Bad { public override string ToString() => throw new FormatException(\"no text\"); } new Bad()", "FormatException: no text\n   at (cell):1\n"),
        ("class Odd : Exception { public override string Message => throw new Exception(\"inner\"); } throw new Odd();",
            "Odd: (its Message threw Exception: inner)\n   at (cell):1\n"),
        ("class S { public static int V = int.Parse(\"x\"); } S.V",
            "TypeInitializationException: The type initializer for 'S' threw an exception.\n   at (cell):1\n ---> FormatException: The input string 'x' was not in a correct format.\n"),
        ("class Hidden { public override string ToString() => throw new Exception(\"hidden\"); } var bad = new Hidden();\n:vars",
            "kept : Tensor = tensor(7.)\nbad : Hidden = (Exception: hidden while showing it)\n"),
        ("Enumerable.Range(0, 3).Select(i => 10 / (i - 1))", "DivideByZeroException: Attempted to divide by zero.\n   at (cell):1\n"),
        // Null references.
        ("Tensor t = null; t.Sum()", "NullReferenceException: Object reference not set to an instance of an object.\n   at (cell):1\n"),
        ("throw null;", "NullReferenceException: Object reference not set to an instance of an object.\n   at (cell):1\n"),
        // Huge values are shown briefly.
        ("Enumerable.Range(0, 10_000_000).ToList()", "List<int>(#10000000) [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...]\n"),
        ("Enumerable.Range(0, int.MaxValue).Select(i => i)", "IEnumerable(#>10) [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...]\n"),
        ("Tensor.Zeros(1000, 1000)", "tensor([[0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  ..., 0., 0., 0.],\n        ...,\n"),
        ("new string('x', 100_000).Length", "100000\n"),
        ("new byte[int.MaxValue]", "OutOfMemoryException: Array dimensions exceeded supported range.\n"),
        // Wrapped exceptions show what they wrap.
        ("throw new AggregateException(new Exception(\"a\"), new Exception(\"b\"));", "AggregateException: One or more errors occurred. (a) (b)\n"),
        ("throw new Exception(\"outer\", new ArgumentException(\"inner\"));", "Exception: outer\n   at (cell):1\n ---> ArgumentException: inner\n"),
        // Compile-time mistakes.
        ("int.MaxValue + 1", "(cell)(1,1): error CS0220: The operation overflows at compile time in checked mode"),
        ("checked((byte)300)", "error CS0221: Constant value '300' cannot be converted to a 'byte'"),
        ("var x = x + 1;", "error CS7019: Type of 'x' cannot be inferred"),
        ("unsafe { int* p = null; }", "error CS0227: Unsafe code may only appear if compiling with /unsafe"),
        ("yield return 1;", "error CS7020: Cannot use 'yield' in top-level script code"),
        ("using NoSuch.Namespace;", "error CS0246: The type or namespace name 'NoSuch' could not be found"),
        ("new List<int>().Add(\"s\")", "error CS1503: Argument 1: cannot convert from 'string' to 'int'"),
        // A package NuGet does not have: NuGet's own reason, not "metadata file not found".
        ("#r \"nuget: Foo, 1.0\"", "error CS0006: #r \"nuget: Foo, 1.0\": cannot restore the package from the configured NuGet sources (NuGet.Config): error NU1101: Unable to find package Foo."),
        // Runtime failures in library calls.
        ("Tensor.Ones(2, 3)[5, 0]", "IndexOutOfRangeException: index 5 is out of bounds for dimension 0 with size 2\n"),
        ("Tensor.Ones(2, 2).RequiresGrad().Backward()", "Backward() needs a scalar, got shape [2, 2]: call .Mean() or .Sum() first)\n"),
        ("Convert.ToInt32(\"9999999999\")", "OverflowException: Value was either too large or too small for an Int32.\n"),
        ("\"abc\"[10]", "IndexOutOfRangeException: Index was outside the bounds of the array.\n"),
        // Commands that fail.
        (":load /proc/self/mem", "IOException: Input/output error : '/proc/self/mem'\n"),
        (":time while (true) { }", Interrupted + "\nWall time: "),
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
        // Our interrupt only where a loop ran into the timeout; never the process's own crash report.
        if (!expected.Contains("KeyboardInterrupt")) Assert.That(output, Does.Not.Contain("KeyboardInterrupt"), output);
        Assert.That(output, Does.Not.Contain("Unhandled exception"), output);
    }

    [Test]
    public void AtLeastFiftyKindsOfBadInput() => Assert.That(BadInputs, Has.Length.GreaterThanOrEqualTo(50));

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
