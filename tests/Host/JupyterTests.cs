// Jupyter's own clients against the kernel: the conformance suite (tests/jupyter/test_kernel.py, jupyter_kernel_test)
// and `jupyter console`, each with the kernelspec written by `mnist-scripting jupyter install --prefix` into a temp folder.
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Mnist.Scripting.Tests.Host;

[NonParallelizable]
public partial class JupyterTests
{
    const string Python = "/usr/bin/python3";
    const string KernelName = "mnist-scripting-test";
    string prefix = "";

    [OneTimeSetUp]
    public void InstallKernelSpec()
    {
        prefix = Directory.CreateTempSubdirectory("kernelspec").FullName;
        var (code, output) = Launch("dotnet", [Path.Combine(AppContext.BaseDirectory, "mnist-scripting.dll"),
            "jupyter", "install", "--prefix", prefix, "--name", KernelName], null, TimeSpan.FromSeconds(60));
        Assert.That(code, Is.Zero, output);
        var folder = Path.Combine(prefix, "share", "jupyter", "kernels", KernelName);
        Assert.That(File.ReadAllText(Path.Combine(folder, "kernel.json")), Does.Contain("\"interrupt_mode\": \"message\""));
        Assert.That(File.Exists(Path.Combine(folder, "logo-64x64.png")), Is.True);
        var fsharp = File.ReadAllText(Path.Combine(prefix, "share", "jupyter", "kernels", KernelName + "-fsharp", "kernel.json"));
        Assert.That(fsharp, Does.Contain("\"--fsharp\"").And.Contain("\"language\": \"fsharp\"").And.Contain("F# (Mnist.Scripting)"));
    }

    [OneTimeTearDown]
    public void UninstallKernelSpec()
    {
        var (code, output) = Launch("dotnet", [Path.Combine(AppContext.BaseDirectory, "mnist-scripting.dll"),
            "jupyter", "uninstall", "--prefix", prefix, "--name", KernelName], null, TimeSpan.FromSeconds(60));
        Assert.That(code, Is.Zero, output);
        Assert.That(Directory.Exists(Path.Combine(prefix, "share", "jupyter", "kernels", KernelName)), Is.False);
        Assert.That(Directory.Exists(Path.Combine(prefix, "share", "jupyter", "kernels", KernelName + "-fsharp")), Is.False);
    }

    void RequirePython(string module)
    {
        if (!File.Exists(Python) || Launch(Python, ["-c", $"import {module}"], null, TimeSpan.FromSeconds(30)).Code != 0)
            Requirements.Missing($"{Python} lacks {module} (Debian: apt-get install python3-jupyter-client python3-jupyter-kernel-test jupyter-console)");
    }

    (int Code, string Output) Launch(string file, string[] args, string? stdin, TimeSpan limit, Dictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>
        {
            ["JUPYTER_PATH"] = Path.Combine(prefix, "share", "jupyter"),
            ["JUPYTER_RUNTIME_DIR"] = Path.Combine(prefix, "runtime"),
            ["MNIST_SCRIPTING_KERNEL"] = KernelName,
            ["MNIST_SCRIPTING_PLOTS"] = Path.Combine(prefix, "plots"),
        };
        foreach (var (k, v) in extra ?? []) env[k] = v;
        var (code, output, timedOut) = ChildProcess.Run(file, args, limit, env, stdin);
        if (timedOut) Assert.Fail(output);
        return (code, output);
    }

    [GeneratedRegex(@"Ran (\d+) tests?")]
    private static partial Regex RanCount();

    [GeneratedRegex(@"skipped=(\d+)")]
    private static partial Regex SkippedCount();

    [TestCase("csharp", KernelName)]
    [TestCase("fsharp", KernelName + "-fsharp")]
    public void ConformanceSuitePasses(string language, string kernel)
    {
        RequirePython("jupyter_kernel_test");
        var (code, output) = Launch(Python, ["-m", "unittest", "-v", "tests/jupyter/test_kernel.py"], null, TimeSpan.FromMinutes(4),
            new() { ["MNIST_SCRIPTING_LANGUAGE"] = language, ["MNIST_SCRIPTING_KERNEL"] = kernel });
        TestContext.Out.WriteLine(output);
        Assert.That(code, Is.Zero, output);
        var ran = int.Parse(RanCount().Match(output).Groups[1].Value);
        var skipped = SkippedCount().Match(output) is { Success: true } m ? int.Parse(m.Groups[1].Value) : 0;
        Assert.That(output, Does.Contain("OK"));
        Assert.That(ran, Is.GreaterThanOrEqualTo(12), "every jupyter_kernel_test check ran");
        Assert.That(ran - skipped, Is.GreaterThanOrEqualTo(9), "checks passed (the rest have no sample: pager, clear_output, history search)");
    }

    [TestCase(KernelName, "var z = 40;\nz + 2\n")]
    [TestCase(KernelName + "-fsharp", "let z = 40\nz + 2\n")]
    public void JupyterConsoleShowsAResult(string kernel, string cells)
    {
        RequirePython("jupyter_console");
        var (code, output) = Launch(Python, ["-m", "jupyter_console", "--kernel", kernel, "--simple-prompt"],
            cells, TimeSpan.FromMinutes(2));
        Assert.That(output, Does.Contain("Out[2]: 42"), output);
        Assert.That(code, Is.Zero, output);
    }

    [TestCase(KernelName), TestCase(KernelName + "-fsharp")]
    public void JupyterClientAnswersConsoleReadLine(string kernel)
    {
        RequirePython("jupyter_client");
        var (code, output) = Launch(Python, [RepoPaths.Under("tests", "jupyter", "stdin_client.py")], null, TimeSpan.FromMinutes(3),
            new() { ["MNIST_SCRIPTING_KERNEL"] = kernel });
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("asked=1"));
    }
}
