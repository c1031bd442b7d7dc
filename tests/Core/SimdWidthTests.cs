// Each SIMD width's paths against the reference backend: the CPU backend picks its vector code when the process starts
// (TensorPrimitives, Vector<T>, the AVX-512 kernels), so every parity case runs in a child process (the GPU runner's
// --cpu-reference mode) started with the wider instruction sets turned off. The in-process suite covers the widest.
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Mnist.Scripting.Tests.Cuda;

namespace Mnist.Scripting.Tests.Core;

[NonParallelizable]
public class SimdWidthTests
{
    // (the switch, the widths it leaves: Vector128, Vector256, Vector512 hardware-accelerated)
    // .NET 10 spells the AVX-512 switch DOTNET_EnableAVX512 (.NET 8's DOTNET_EnableAVX512F no longer turns it off).
    [TestCase("DOTNET_EnableAVX512", "256-bit", true, true, false)]
    [TestCase("DOTNET_EnableAVX", "128-bit", true, false, false)]
    [TestCase("DOTNET_EnableHWIntrinsic", "scalar", false, false, false)]
    public void EveryParityCaseAgreesWithTheReferenceAtThisWidth(string variable, string width, bool v128, bool v256, bool v512)
    {
        if (width == "256-bit" && !Avx512F.IsSupported) Assert.Ignore("this CPU has no AVX-512: its widest width, 256-bit, is the in-process suite's");
        if (width == "128-bit" && !Vector256.IsHardwareAccelerated) Assert.Ignore("this CPU has no 256-bit vectors: 128-bit is the in-process suite's");
        var outDir = Directory.CreateTempSubdirectory("simd-width-").FullName;
        var (code, output) = EmulatedCudaTests.Run("dotnet", $"{EmulatedCudaTests.Runner()} {outDir} --cpu-reference", (variable, "0"));
        TestContext.Progress.WriteLine($"[Core] {width} ({variable}=0): {output.Split('\n').FirstOrDefault(l => l.StartsWith("reference:"))}");
        Assert.That(output, Does.Contain($"simd: Vector128 {v128}, Vector256 {v256}, Vector512 {v512}"), $"{variable}=0 did not leave {width}:\n{output}");
        Assert.That(output, Does.Match(@"reference: (\d+) of \1 cases agree with the reference"), output);
        Assert.That(code, Is.Zero, output);
        Directory.Delete(outDir, recursive: true);
    }
}
