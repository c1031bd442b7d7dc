// The "CUDA unavailable" paths: a missing driver library gives a reason (never a crash), Device.Cuda use without a GPU
// is a clear error, MNIST_SCRIPTING_DEVICE falls back to the CPU, and disposing/scopes are harmless on the CPU.
using Mnist.Scripting.Backends;
using Mnist.Scripting.Cuda;

namespace Mnist.Scripting.Tests.Cuda;

public class CudaAvailabilityTests
{
    [Test]
    public void MissingDriverLibraryGivesAReason()
    {
        var (ok, reason) = CudaRuntime.ProbeLibrary("libcuda-does-not-exist.so.1");
        Assert.That(ok, Is.False);
        Assert.That(reason, Does.StartWith("CUDA unavailable: could not load the CUDA driver library libcuda-does-not-exist.so.1"));
    }

    [Test]
    public void ProbeAgreesWithTheMachine()
    {
        // Checked against what the machine says on its own: whether the driver library loads, and whether an op runs.
        bool driverLoads = System.Runtime.InteropServices.NativeLibrary.TryLoad("libcuda.so.1", out var handle);
        if (driverLoads) System.Runtime.InteropServices.NativeLibrary.Free(handle);
        if (!driverLoads)
        {
            Assert.That(Device.CudaAvailable, Is.False, "no driver library, yet the probe says CUDA is available");
            Assert.That(Device.CudaUnavailableReason, Does.Contain("could not load the CUDA driver library libcuda.so.1"));
        }
        if (Device.CudaAvailable)
            Assert.That((Tensor.Of(1.0, 2.0).To(Device.Cuda) + 1.0).To(Device.Cpu).ToArray<float>(), Is.EqualTo(new[] { 2f, 3f }));
        else
        {
            Assert.That(Device.CudaUnavailableReason, Is.Not.Empty, "unavailable always says why");
            Assert.Throws<InvalidOperationException>(() => Tensor.Of(1.0).To(Device.Cuda));
        }
        Assert.That(Backend.Describe(), Does.Contain(Device.CudaAvailable ? "cuda: available" : "cuda: unavailable ("));
    }

    [Test]
    public void TheEngineFindsTheCudaAssemblyByItself()
    {
        // The engine does not reference Mnist.Scripting.Cuda: a script that asks only Device.CudaAvailable (no CUDA
        // type named, so nothing has loaded that assembly yet) must get the CUDA backend's own answer, not "not part
        // of this build". In a child process, since this one has touched CUDA types already.
        var script = Path.Combine(Directory.CreateTempSubdirectory("cuda-find-").FullName, "find.csx");
        File.WriteAllText(script, "Console.WriteLine($\"available={Device.CudaAvailable} reason={Device.CudaUnavailableReason}\");\n");
        var (code, output, _) = ChildProcess.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "mnist-scripting.dll"), "run", script],
            TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["NO_COLOR"] = "1" });
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain($"available={Device.CudaAvailable}"));
        Assert.That(output, Does.Not.Contain("not part of this build"));
    }

    [Test]
    public void UsingCudaWithoutAGpuIsAClearError()
    {
        if (Device.CudaAvailable) Assert.Ignore("a GPU is present: the unavailable path cannot be exercised");
        var e = Assert.Throws<InvalidOperationException>(() => Tensor.Of(1.0, 2.0).To(Device.Cuda));
        Assert.That(e!.Message, Does.StartWith("CUDA unavailable: "));
        Assert.That(e.Message, Does.Contain(Device.CudaUnavailableReason));
    }

    [TestCase(null, "cpu")]
    [TestCase("cpu", "cpu")]
    [TestCase("CPU ", "cpu")]
    public void EnvironmentChoosesTheCpu(string? value, string expected)
    {
        var log = new StringWriter();
        Assert.That(Tensor.DeviceFromEnvironment(value, log.WriteLine).ToString(), Is.EqualTo(expected));
        Assert.That(log.ToString(), Is.Empty);
    }

    [Test]
    public void EnvironmentAskingForCudaFallsBackWithTheReason()
    {
        var log = new StringWriter();
        var d = Tensor.DeviceFromEnvironment("cuda", log.WriteLine);
        if (Device.CudaAvailable) { Assert.That(d, Is.EqualTo(Device.Cuda)); return; }
        Assert.That(d, Is.EqualTo(Device.Cpu));
        Assert.That(log.ToString(), Does.Contain("CUDA unavailable: " + Device.CudaUnavailableReason).And.Contain("using the CPU"));
    }

    [Test]
    public void UnknownDeviceNameIsReported()
    {
        var log = new StringWriter();
        Assert.That(Tensor.DeviceFromEnvironment("tpu", log.WriteLine), Is.EqualTo(Device.Cpu));
        Assert.That(log.ToString(), Does.Contain("MNIST_SCRIPTING_DEVICE=tpu is not a device"));
    }

    [Test]
    public void DisposeAndScopesLeaveCpuTensorsAlone()
    {
        Tensor kept;
        using (var scope = Tensor.NewDisposeScope())
        {
            var a = Tensor.Of(1.0, 2.0, 3.0);
            kept = scope.Keep(a * 2);
            a.Dispose();
            Assert.That(a.Sum().Item(), Is.EqualTo(6.0), "CPU memory belongs to the GC");
            Assert.That(scope.Count, Is.EqualTo(0));
            Assert.That(DisposeScope.Current, Is.SameAs(scope));
        }
        Assert.That(DisposeScope.Current, Is.Null);
        Assert.That(kept.ToArray<float>(), Is.EqualTo(new[] { 2f, 4f, 6f }));
    }
}
