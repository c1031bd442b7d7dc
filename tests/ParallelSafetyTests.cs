// Keeps tests/AssemblyInfo.cs's promise: a fixture marked [Parallelizable] must not touch a process-wide setting, or a
// fixture running beside it would see the change (a reseeded default generator, another GEMM route, a swapped hook).
using System.Text.RegularExpressions;

namespace Mnist.Scripting.Tests;

[Parallelizable]
public class ParallelSafetyTests
{
    // Each one writes state the whole process shares; the fixtures that use them run one at a time.
    static readonly string[] ProcessWide =
    [
        "ManualSeed", "SetEnvironmentVariable", "Gemm.Active", "ThinKernels", "CpuGemm", "CpuThinGemm", "NumThreads",
        "FitDisplays", "DownloadBars", "DslOutput.", "Windows512.Enabled", "ScratchPool", "Interrupt.", "ImageLimits",
        "DataPath.BasePath", "ImageCache.Folder", "Progress.StallTimeout", "PoisonAllocations", "SyncAfterLaunch",
        "MatMulVersion", "Console.Set", "new Repl(", "FreshHome",
    ];

    static IEnumerable<string> ParallelFixtureFiles() => Directory.EnumerateFiles(RepoPaths.Under("tests"), "*.cs", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
        .Where(f => Regex.IsMatch(File.ReadAllText(f), @"^\[Parallelizable[\](]", RegexOptions.Multiline))
        .Where(f => Path.GetFileName(f) != "ParallelSafetyTests.cs");

    static IEnumerable<string> Offences(IEnumerable<(string Name, string Text)> files) =>
        from f in files from token in ProcessWide where f.Text.Contains(token, StringComparison.Ordinal) select $"{f.Name} uses {token}";

    [Test]
    public void ParallelFixturesTouchNoProcessWideSetting()
    {
        var files = ParallelFixtureFiles().Select(f => (Path.GetRelativePath(RepoPaths.Root, f), File.ReadAllText(f))).ToList();
        Assert.That(files, Has.Count.GreaterThan(10), "the suite marks its independent fixtures");
        Assert.That(Offences(files), Is.Empty, "mark the fixture [NonParallelizable] or remove [Parallelizable]");
    }

    [Test]
    public void TheCheckSeesAnOffence()
    {
        var file = ("T.cs", "[Parallelizable]\npublic class T { [SetUp] public void S() => Tensor.ManualSeed(1); }");
        Assert.That(Offences([file]), Is.EqualTo(new[] { "T.cs uses ManualSeed" }));
    }
}
