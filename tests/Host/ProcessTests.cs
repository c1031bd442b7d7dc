// The real program as a child process: piped stdin to the REPL, and `run` with its exit code.
using System.Diagnostics;

namespace Mnist.Scripting.Tests.Host;

public class ProcessTests
{
    static (int Code, string Out, string Err) Launch(string stdin, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "mnist-scripting.dll");
        Assert.That(File.Exists(dll), Is.True, "mnist-scripting.dll should be copied beside the tests");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["MNIST_SCRIPTING_PLOTS"] = Path.Combine(Path.GetTempPath(), "mnist-scripting-process-plots");
        using var p = Process.Start(info)!;
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.That(p.WaitForExit(60_000), Is.True, "the process should finish");
        return (p.ExitCode, stdout.Result.Replace("\r", ""), stderr.Result.Replace("\r", ""));
    }

    [Test]
    public void PipedReplPrintsResultsWithoutPrompts()
    {
        var (code, stdout, _) = Launch("1+1\nvar t = Tensor.Of(3.0).RequiresGrad();\n(t * t)\n");
        Assert.That(code, Is.Zero);
        Assert.That(stdout, Is.EqualTo("2\ntensor(9., grad_fn=<MulBackward0>)\n"));
    }

    [Test]
    public void PipedUnterminatedStringEndsItsCell()
    {
        // A "..." string cannot span lines: the next line is a cell of its own, not swallowed into this one.
        var (code, stdout, _) = Launch("var s = \"abc\n1+1\nvar v = @\"a\nb\";\nv.Length\n");
        Assert.That(code, Is.Zero);
        Assert.That(stdout, Is.EqualTo("(cell)(1,9): error CS1010: Newline in constant\n(cell)(1,13): error CS1002: ; expected\n2\n3\n"));
    }

    [Test]
    public void RunCommandReturnsTheScriptsExitCode()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("proc").FullName, "fail.csx");
        File.WriteAllText(file, "Report(\"before\", 1L);\nthrow new Exception(\"stop\");\n");
        var (code, stdout, stderr) = Launch("", "run", file);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stdout, Does.Contain("#report before = 1"));
        Assert.That(stderr, Does.Contain("fail.csx:2"));
    }
}
