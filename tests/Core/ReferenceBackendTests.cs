// The reference backend defines the primitives; the CPU backend's fast paths must agree with it. Every parity case
// (the op registry in float64 and float32, the odd sizes and layouts, the integer cases) runs on both, forward and
// gradients, once per GEMM route this machine has (OpenBLAS, the managed GEMM, our AVX-512 thin-product kernels).
using Mnist.Scripting.Backends;
using Mnist.Scripting.OpCases;

namespace Mnist.Scripting.Tests.Core;

[NonParallelizable] // the GEMM route is a process-wide switch
public class ReferenceBackendTests
{
    public static IEnumerable<string> Routes()
    {
        if (Backend.OpenBlasAvailable) yield return "openblas";
        yield return "managed";
        if (Backend.CpuThinGemm) yield return "gemm512";
    }

    [Test]
    public void EveryParityCaseAgreesWithTheReference([ValueSource(nameof(Routes))] string route)
    {
        var (gemm, thin) = (Backend.CpuGemm, Backend.CpuThinGemm);
        try
        {
            Backend.CpuGemm = route == "openblas" ? GemmProvider.OpenBlas : GemmProvider.Managed;
            Backend.CpuThinGemm = route == "gemm512";
            long seed = 11;
            var failed = ParityCases.All().Select(c => Parity.AgainstReference(c, seed++)).Where(r => !r.Ok).ToList();
            Assert.That(failed.Select(f => f.Report), Is.Empty, $"route {route}: the CPU backend disagrees with the reference");
        }
        finally { (Backend.CpuGemm, Backend.CpuThinGemm) = (gemm, thin); }
    }

    [Test]
    public void InsideTheScopeTensorsAndTheirResultsLiveOnTheReference()
    {
        Tensor r, x;
        using (Backend.UseReference())
        {
            x = Tensor.Of(1.0, -2.0, 3.0).RequiresGrad();
            r = (x * x).Sum();
            r.Backward();
        }
        Assert.That(x.Backend, Is.SameAs(Backend.Reference));
        Assert.That(r.Backend, Is.SameAs(Backend.Reference));
        Assert.That(x.Grad!.Backend, Is.SameAs(Backend.Reference), "the backward pass ran there too");
        Assert.That(x.Grad.ToArray<float>(), Is.EqualTo(new[] { 2f, -4f, 6f }));
        Assert.That(r.Device, Is.EqualTo(Device.Cpu), "it is the CPU device, computed by the definitions");
        Assert.That(Tensor.Of(1.0).Backend, Is.SameAs(Backend.Cpu), "outside the scope, the fast backend");
        Assert.That((r + Tensor.Of(1.0)).Item(), Is.EqualTo(15.0), "and the two mix");
    }

    [Test]
    public void TheReferenceCatchesAWrongFastPath()
    {
        // A deliberately wrong "fast" result is reported, so the comparison above can fail.
        var bad = new ParityCase("wrong_on_cpu_only", [[5]], x => x[0].Backend == Backend.Cpu ? x[0] * 1.001 : x[0], Domain.Any, DType.Float64, true);
        var r = Parity.AgainstReference(bad, 1);
        Assert.That(r.Ok, Is.False, r.Report);
    }
}
