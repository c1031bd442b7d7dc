// The whole CUDA path without a GPU: the kernels' .cu sources built for the host into a fake libcuda
// (tests/Cuda/FakeDriver), loaded through our driver binding, run by the GPU runner's parity suite and self-test.
// What this cannot show: real-GPU concurrency, memory ordering, PTX codegen and JIT; those need the GPU run.
using System.Diagnostics;

namespace Mnist.Scripting.Tests.Cuda;

[NonParallelizable]
public class EmulatedCudaTests
{
    static string? library;
    static string Root => RepoPaths.Root;

    internal static (int Code, string Output) Run(string file, string args, params (string, string)[] env)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.Result);
    }

    [OneTimeSetUp]
    public void BuildFakeDriver()
    {
        var dir = Directory.CreateTempSubdirectory("fakecuda-").FullName;
        var (code, output) = Run("bash", $"{Path.Combine(Root, "tests", "Cuda", "FakeDriver", "build.sh")} {dir}");
        if (code == 3) Assert.Ignore("no C++ compiler to build the CPU emulator of the CUDA driver");
        Assert.That(code, Is.EqualTo(0), output);
        library = Path.Combine(dir, "libfakecuda.so");
    }

    internal static string Runner()
    {
        // tests/bin/<Configuration>/net10.0 -> tests/gpu/bin/<Configuration>/net10.0
        var config = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(Root, "tests", "gpu", "bin", config, "net10.0", "Mnist.Scripting.GpuRunner.dll");
        Assert.That(File.Exists(dll), Is.True, $"{dll} missing: build tests/gpu");
        return dll;
    }

    [Test]
    public void EveryParityCaseAgreesWithTheCpuUnderEmulation()
    {
        var outDir = Directory.CreateTempSubdirectory("emu-parity-").FullName;
        var (code, output) = Run("dotnet", $"{Runner()} {outDir} --parity-only", ("MNIST_SCRIPTING_CUDA_LIBRARY", library!));
        TestContext.Out.WriteLine(output);
        Assert.That(output, Does.Contain("device: fakecuda CPU emulator"));
        Assert.That(output, Does.Match(@"parity: (\d+) of \1 cases agree with the reference backend"));
        Assert.That(code, Is.EqualTo(0));
        Assert.That(File.ReadAllLines(Path.Combine(outDir, "parity.csv")).Length, Is.GreaterThan(200));
    }

    [Test]
    public void AllocatorScopesAndOutOfMemoryUnderEmulation()
    {
        var outDir = Directory.CreateTempSubdirectory("emu-self-").FullName;
        var (code, output) = Run("dotnet", $"{Runner()} {outDir} --selftest",
            ("MNIST_SCRIPTING_CUDA_LIBRARY", library!), ("FAKECUDA_MEM_LIMIT", (64 << 20).ToString()));
        TestContext.Out.WriteLine(output);
        Assert.That(output, Does.Contain("out of memory explains: CUDA out of memory"));
        // The count of device-to-host copies per training step is pinned: none inside the ops, one to read the loss.
        Assert.That(output, Does.Contain("ok   simple_net: 0 device-to-host copies per step"));
        Assert.That(output, Does.Contain("ok   simple_net: reading the loss is one copy"));
        Assert.That(output, Does.Contain("ok   CNN with cross-entropy and Adam: 0 device-to-host copies per step"));
        Assert.That(output, Does.Contain("ok   cross-entropy on the device: a target out of range throws at the next read"));
        Assert.That(output, Does.Contain("ok   cross-entropy on the device: the error is reported once"));
        Assert.That(output, Does.Contain("ok   nll_loss on the device: torch.cuda.synchronize() reports"));
        Assert.That(output, Does.Not.Contain("FAIL"));
        Assert.That(code, Is.EqualTo(0));
    }

    [Test]
    public void BenchmarksRunUnderEmulation()
    {
        var outDir = Directory.CreateTempSubdirectory("emu-bench-").FullName;
        var (code, output) = Run("dotnet", $"{Runner()} {outDir} --bench-only --smoke", ("MNIST_SCRIPTING_CUDA_LIBRARY", library!));
        Assert.That(code, Is.EqualTo(0), output);
        var rows = File.ReadAllLines(Path.Combine(outDir, "bench.csv"));
        Assert.That(rows, Has.Some.StartsWith("sgemm_v2_130_GFLOPs,"));
        // simple_net trains identically on both devices: the same final loss is printed twice.
        var losses = output.Split('\n').Where(l => l.StartsWith("simple_net on")).Select(l => l[(l.LastIndexOf(' ') + 1)..].Trim()).ToList();
        Assert.That(losses, Has.Count.EqualTo(2));
        Assert.That(losses[0], Is.EqualTo(losses[1]));
    }
}
