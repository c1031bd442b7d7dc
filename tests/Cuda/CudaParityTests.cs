// CPU-vs-CUDA parity of every op case (forward and gradients, fresh random inputs, poisoned allocations) on a GPU;
// without one they are a single ignored case that gives the reason once. The harness itself is checked CPU-vs-CPU so it
// runs everywhere.
using Mnist.Scripting.Cuda;
using Mnist.Scripting.OpCases;

namespace Mnist.Scripting.Tests.Cuda;

public class CudaParityTests
{
    static IEnumerable<TestCaseData> Cases()
    {
        var all = ParityCases.All().ToList();
        if (!Device.CudaAvailable)
        {
            yield return new TestCaseData(null).SetArgDisplayNames($"all {all.Count} cases").Ignore($"CUDA unavailable: {Device.CudaUnavailableReason}");
            yield break;
        }
        foreach (var c in all) yield return new TestCaseData(c).SetArgDisplayNames(c.ToString()!);
    }

    [TestCaseSource(nameof(Cases))]
    public void MatchesCpu(ParityCase c)
    {
        CudaBackend.PoisonAllocations = true;
        try
        {
            var r = Parity.Run(c, Device.Cuda, Environment.TickCount64);
            TestContext.Out.WriteLine(r.Report);
            Assert.That(r.Ok, Is.True, r.Report);
        }
        finally { CudaBackend.PoisonAllocations = false; }
    }

    [Test]
    public void HarnessRunsEveryCaseCpuAgainstCpu()
    {
        // Same device on both sides must agree exactly: proves every case runs and the comparison is wired.
        long seed = 7;
        var results = ParityCases.All().Select(c => Parity.Run(c, seed++, Parity.Side.Cpu, Parity.Side.Cpu)).ToList();
        var bad = results.Where(r => !r.Ok || r.MaxForwardDiff != 0 || r.MaxGradDiff != 0).Select(r => r.Report).ToList();
        Assert.That(bad, Is.Empty);
        Assert.That(results, Has.Count.GreaterThan(2 * OpRegistry.All.Count));
    }

    [Test]
    public void HarnessReportsFailures()
    {
        var throws = new ParityCase("throws", [[5]], x => x[0].MatMul(x[0].Unsqueeze(0)), Domain.Any, DType.Float32, false);
        var r = Parity.Run(throws, Device.Cpu, 1);
        Assert.That(r.Ok, Is.False);
        Assert.That(r.Report, Does.Contain("throws[torch.float32] seed 1").And.Contain("threw"));
        var cmp = Compare.Close([1.0, 2.0, 3.0], [1.0, 2.5, 3.0], 1e-6, 1e-6, "probe");
        Assert.That(cmp.Ok, Is.False);
        Assert.That(cmp.Report, Does.Contain("[1] ref 2 got 2.5"));
    }
}
