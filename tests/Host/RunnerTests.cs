// `run FILE.csx`: exit codes 0/1/2, `file.csx(line,col): error` diagnostics, `file.csx:line` frames, #load/#r, Args.
using Mnist.Scripting.Dsl;
using Mnist.Scripting.Host;

namespace Mnist.Scripting.Tests.Host;

public class RunnerTests
{
    string dir = "";
    StringWriter output = new();

    [SetUp]
    public void SetUp()
    {
        dir = Directory.CreateTempSubdirectory("runner").FullName;
        output = new StringWriter();
        DslOutput.Writer = output;
    }

    [TearDown]
    public void TearDown()
    {
        DslOutput.Writer = Console.Out;
        output.Dispose();
    }

    (int Code, string Errors) Run(string name, string code, params string[] args)
    {
        var path = Path.Combine(dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, code);
        var errors = new StringWriter();
        var exit = ScriptRunner.RunAsync(path, args, ReplHarness.Env, errors).GetAwaiter().GetResult();
        return (exit, errors.ToString().Replace("\r", ""));
    }

    [Test]
    public void SuccessExitsZeroAndSeesArgs()
    {
        var (code, errors) = Run("ok.csx", "Report(\"args\", string.Join(\"|\", Args));\nReport(\"n\", Args.Count);\n", "20", "0.1");
        Assert.That(code, Is.Zero, errors);
        Assert.That(Prelude.ParseReports(output.ToString()), Is.EqualTo(new Dictionary<string, string> { ["args"] = "20|0.1", ["n"] = "2" }));
    }

    [Test]
    public void CompileErrorsExitOneWithEveryDiagnostic()
    {
        var (code, errors) = Run("bad.csx", "var a = 1;\nvar b = missing + 1;\nint c = \"text\";\n");
        Assert.That(code, Is.EqualTo(1));
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Does.Match(@"bad\.csx\(2,9\): error CS0103: The name 'missing' does not exist"));
        Assert.That(lines[1], Does.Match(@"bad\.csx\(3,9\): error CS0029: "));
    }

    [Test]
    public void UnhandledExceptionExitsTwoWithTheScriptLine()
    {
        var (code, errors) = Run("boom.csx", "var x = Tensor.Ones(3);\n\nvoid Check() =>\n    throw new InvalidOperationException(\"bad state\");\nCheck();\n");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("InvalidOperationException: bad state"));
        Assert.That(errors, Does.Contain("boom.csx:4"));
        Assert.That(errors, Does.Contain("boom.csx:5"));
        Assert.That(errors, Does.Not.Contain("Microsoft.CodeAnalysis"));
    }

    [Test]
    public void UsersOwnCancellationIsAnOrdinaryUnhandledException()
    {
        var (code, errors) = Run("cancel.csx", "var kept = 1;\nthrow new OperationCanceledException(\"mine\");\n");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Is.EqualTo($"Unhandled exception. OperationCanceledException: mine\n   at {Path.Combine(dir, "cancel.csx")}:2\n"));
    }

    [Test]
    public void DeepRecursionPrintsABoundedTrace()
    {
        var (code, errors) = Run("deep.csx", "int F(int n) => n == 0 ? throw new Exception(\"bottom\") : F(n - 1);\nF(1000);\n");
        Assert.That(code, Is.EqualTo(2));
        var at = $"   at {Path.Combine(dir, "deep.csx")}";
        Assert.That(errors, Is.EqualTo($"Unhandled exception. Exception: bottom\n{at}:1\n{at}:1\n{at}:1\n   [Previous line repeated 998 more times]\n{at}:2\n"));
    }

    [Test]
    public void ShapeErrorInAScriptNamesTheLine()
    {
        var (code, errors) = Run("shape.csx", "var a = Tensor.Ones(3);\nvar b = a + Tensor.Ones(4);\n");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0"));
        Assert.That(errors, Does.Contain("shape.csx:2"));
    }

    [Test]
    public void LoadResolvesRelativeToTheScriptAndErrorsNameTheLoadedFile()
    {
        Run("lib/helpers.csx", "double Square(double v) => v * v;\nvoid Explode() => throw new Exception(\"from helper\");\n");
        var (code, errors) = Run("main.csx", "#load \"lib/helpers.csx\"\nReport(\"sq\", Square(3));\n");
        Assert.That(code, Is.Zero, errors);
        Assert.That(output.ToString(), Does.Contain("#report sq = 9"));
        var (code2, errors2) = Run("explode.csx", "#load \"lib/helpers.csx\"\nExplode();\n");
        Assert.That(code2, Is.EqualTo(2));
        Assert.That(errors2, Does.Contain("helpers.csx:2"));
        Assert.That(errors2, Does.Contain("explode.csx:2"));
    }

    [Test]
    public void ReferenceResolvesRelativeToTheScript()
    {
        var lib = Path.Combine(dir, "libs");
        Directory.CreateDirectory(lib);
        File.Copy(typeof(Assert).Assembly.Location, Path.Combine(lib, "nunit.framework.dll"));
        var (code, errors) = Run("ref.csx", "#r \"libs/nunit.framework.dll\"\nReport(\"t\", typeof(NUnit.Framework.Assert).Name);\n");
        Assert.That(code, Is.Zero, errors);
        Assert.That(output.ToString(), Does.Contain("#report t = Assert"));
        var (bad, badErrors) = Run("badref.csx", "#r \"libs/none.dll\"\n");
        Assert.That(bad, Is.EqualTo(1));
        Assert.That(badErrors, Does.Contain("badref.csx(1,1): error CS0006"));
    }

    [Test]
    public void MissingFileExitsOne()
    {
        var errors = new StringWriter();
        var code = ScriptRunner.RunAsync(Path.Combine(dir, "nope.csx"), [], ReplHarness.Env, errors).GetAwaiter().GetResult();
        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors.ToString(), Does.Contain("not found"));
    }
}
