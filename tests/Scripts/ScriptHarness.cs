// Runs a chapter script as the user would: `dotnet mnist-scripting.dll run FILE.csx` or `dotnet fsi FILE.fsx`, as a
// child process with a private data cache and plot folder; returns its exit code, output, reports and charts.
using System.Diagnostics;
using System.Globalization;
using Mnist.Scripting.Dsl;
using SkiaSharp;

namespace Mnist.Scripting.Tests.Scripts;

/// <summary>What one script run left behind.</summary>
public sealed record ScriptResult(string Script, int Code, string Out, string Err, IReadOnlyDictionary<string, string> Reports, IReadOnlyList<string> Plots, TimeSpan Elapsed)
{
    /// <summary>The text of a reported value; fails the test with the script's output when it is missing.</summary>
    public string Text(string name)
    {
        if (Reports.TryGetValue(name, out var v)) return v;
        Assert.Fail($"{Script} reported no '{name}'. Reports: {string.Join(", ", Reports.Keys)}\n{Out}\n{Err}");
        return "";
    }

    public double Number(string name) => double.Parse(Text(name), CultureInfo.InvariantCulture);
}

public static class ScriptHarness
{
    public static string RepoRoot => RepoPaths.Root;

    public static string ScriptsDir => Path.Combine(RepoRoot, "scripts");

    /// <summary>Runs a program in the repository folder; returns its exit code and output (stdout then stderr).</summary>
    public static (int Code, string Output) Launch(string file, string[] args, int timeoutSeconds)
    {
        var (code, output, _) = ChildProcess.Run(file, args, TimeSpan.FromSeconds(timeoutSeconds));
        return (code, output);
    }

    /// <summary>Runs scripts/NAME (a .csx through the host, a .fsx through dotnet fsi) and asserts it exits with 0.</summary>
    public static ScriptResult Run(string relativePath, int timeoutSeconds = 300)
    {
        var script = Path.Combine(ScriptsDir, relativePath);
        Assert.That(File.Exists(script), Is.True, $"missing script {script}");
        var plots = Directory.CreateTempSubdirectory("mnist-script-plots-").FullName;
        var home = Directory.CreateTempSubdirectory("mnist-script-home-").FullName;
        try
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot };
            if (script.EndsWith(".fsx", StringComparison.Ordinal))
            {
                // The scripts #I the Release host folder; the test's own folder (same sources, any configuration) comes first.
                info.ArgumentList.Add("fsi");
                info.ArgumentList.Add("--quiet");
                info.ArgumentList.Add("--lib:" + AppContext.BaseDirectory);
            }
            else
            {
                var host = Path.Combine(AppContext.BaseDirectory, "mnist-scripting.dll");
                Assert.That(File.Exists(host), Is.True, "mnist-scripting.dll should be copied beside the tests");
                info.ArgumentList.Add(host);
                info.ArgumentList.Add("run");
            }
            info.ArgumentList.Add(script);
            info.Environment["MNIST_SCRIPTING_MIRROR"] = Data.DataTestEnv.SharedData;
            info.Environment["MNIST_SCRIPTING_HOME"] = home;
            info.Environment[DslOutput.PlotsVariable] = plots;
            info.Environment["NO_COLOR"] = "1";
            var clock = Stopwatch.StartNew();
            using var p = Process.Start(info)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeoutSeconds * 1000))
            {
                p.Kill(entireProcessTree: true);
                Assert.Fail($"{relativePath} did not finish in {timeoutSeconds} s");
            }
            var output = stdout.Result.Replace("\r", "");
            var error = stderr.Result.Replace("\r", "");
            TestContext.Out.WriteLine($"{relativePath}: exit {p.ExitCode} in {clock.Elapsed.TotalSeconds:F1} s");
            Assert.That(p.ExitCode, Is.Zero, $"{relativePath} failed:\n{output}\n{error}");
            var charts = Directory.GetFiles(plots, "*.png").Order(StringComparer.Ordinal).ToList();
            foreach (var chart in charts) AssertNotBlank(chart);
            return new ScriptResult(relativePath, p.ExitCode, output, error, Prelude.ParseReports(output), charts.Select(Path.GetFileName).ToList()!, clock.Elapsed);
        }
        finally
        {
            Directory.Delete(plots, recursive: true);
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>A real PNG whose pixels vary (a blank or single-colour chart fails).</summary>
    static void AssertNotBlank(string png)
    {
        var bytes = File.ReadAllBytes(png);
        Assert.That(bytes.Length, Is.GreaterThan(8), png);
        Assert.That(bytes[..8], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), $"PNG signature of {png}");
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.That(bitmap, Is.Not.Null, $"{png} does not decode");
        double sum = 0, sumSq = 0;
        int n = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                double v = (c.Red + c.Green + c.Blue) / 3.0;
                sum += v; sumSq += v * v; n++;
            }
        double variance = sumSq / n - (sum / n) * (sum / n);
        Assert.That(variance, Is.GreaterThan(50), $"{Path.GetFileName(png)} looks blank (pixel variance {variance:F1})");
    }

    /// <summary>Asserts the script saved a chart whose file name starts with each given slug (DslOutput names them slug-N.png).</summary>
    public static void AssertCharts(ScriptResult r, params string[] slugs)
    {
        foreach (var slug in slugs)
            Assert.That(r.Plots.Any(p => p.StartsWith(slug + "-", StringComparison.Ordinal)), Is.True,
                $"{r.Script} should save a chart '{slug}-N.png'; saved: {string.Join(", ", r.Plots)}");
    }
}
