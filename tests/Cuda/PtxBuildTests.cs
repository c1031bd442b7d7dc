// The kernels compile to PTX with clang-14, the committed PTX matches a fresh build, and the host math in devmath.h is accurate.
using System.Diagnostics;

namespace Mnist.Scripting.Tests.Cuda;

public class PtxBuildTests
{
    static string Root => RepoPaths.Root;

    static (int Code, string Output) Run(string file, string args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    static bool OnPath(string tool) => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    [Test]
    public void CommittedPtxMatchesAFreshBuild()
    {
        if (!OnPath("clang-14")) Assert.Ignore("clang-14 is not installed: cannot rebuild the PTX to compare");
        var tmp = Directory.CreateTempSubdirectory("ptx-").FullName;
        try
        {
            var (code, output) = Run("bash", $"{Path.Combine(Root, "cuda-kernels", "build.sh")} {tmp}");
            Assert.That(code, Is.EqualTo(0), output);
            var committed = Directory.GetFiles(Path.Combine(Root, "cuda-kernels", "ptx"), "*.ptx").Select(Path.GetFileName).Order().ToArray();
            var fresh = Directory.GetFiles(tmp, "*.ptx").Select(Path.GetFileName).Order().ToArray();
            Assert.That(committed, Is.EqualTo(fresh), "one committed .ptx per .cu");
            foreach (var f in fresh)
                Assert.That(File.ReadAllText(Path.Combine(Root, "cuda-kernels", "ptx", f!)), Is.EqualTo(File.ReadAllText(Path.Combine(tmp, f!))),
                    $"cuda-kernels/ptx/{f} is stale: run cuda-kernels/build.sh and commit the result");
        }
        finally { Directory.Delete(tmp, true); }
    }

    [Test]
    public void DeviceMathMatchesLibm()
    {
        var cxx = new[] { "clang++-14", "g++", "clang++" }.FirstOrDefault(OnPath);
        if (cxx is null) Assert.Ignore("no C++ compiler (clang++-14 or g++) to build tests/Cuda/devmath_check.cpp");
        var exe = Path.Combine(Path.GetTempPath(), $"devmath-{Environment.ProcessId}");
        var (code, output) = Run(cxx!, $"-O2 -std=c++17 {Path.Combine(Root, "tests", "Cuda", "devmath_check.cpp")} -o {exe}");
        Assert.That(code, Is.EqualTo(0), output);
        (code, output) = Run(exe, "");
        File.Delete(exe);
        TestContext.Out.WriteLine(output);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.StartWith("ok"));
    }
}
