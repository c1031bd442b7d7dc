// Without a GPU: every kernel the backend names is in the embedded PTX (and the unary ones are exactly those the
// float-only trait implies), the PTX needs no libdevice, and the parameter structs the host passes have the byte
// sizes the PTX declares.
using Mnist.Scripting.Cuda;

namespace Mnist.Scripting.Tests.Cuda;

[Parallelizable]
public class KernelCatalogTests
{
    static readonly IReadOnlyDictionary<string, string> Ptx = KernelNames.EmbeddedPtx();

    [Test]
    public void EveryModuleIsEmbedded() =>
        Assert.That(Ptx.Keys.Order(), Is.EqualTo(new[] { "activation.ptx", "conv.ptx", "copy.ptx", "elementwise.ptx", "index.ptx", "matmul.ptx", "optim.ptx", "reduce.ptx" }));

    [Test]
    public void EveryKernelTheBackendNamesExists()
    {
        var entries = Ptx.Values.SelectMany(KernelNames.Entries).ToHashSet();
        var missing = KernelNames.All().Where(k => !entries.Contains(k)).ToList();
        Assert.That(missing, Is.Empty, "kernels named by the backend but absent from the PTX");
        Assert.That(KernelNames.All().Count(), Is.GreaterThan(100));
    }

    [Test]
    public void ElementwiseInstantiationsAreTheTablesFreshText()
    {
        // elementwise.cu includes elementwise.inc, generated from core/Backends/OpTable.cs: a row changed without
        // rerunning cuda-kernels/generate.csx (and build.sh) fails here.
        var committed = File.ReadAllText(RepoPaths.Under("cuda-kernels", ElementwiseSource.FileName));
        Assert.That(committed, Is.EqualTo(ElementwiseSource.Text()),
            "cuda-kernels/elementwise.inc differs from the op table: run `dotnet scripting-host/bin/Release/net10.0/mnist-scripting.dll run cuda-kernels/generate.csx`, then cuda-kernels/build.sh");
        Assert.That(File.ReadAllText(RepoPaths.Under("cuda-kernels", "elementwise.cu")), Does.Contain($"#include \"{ElementwiseSource.FileName}\""));
    }

    [Test]
    public void UnaryKernelsAreExactlyThoseTheFloatOnlyTraitImplies()
    {
        // The generated instantiations must agree with OpTraits.IsFloatOnly (an integer kernel for a float-only op,
        // or a missing one, fails here).
        var inPtx = KernelNames.Entries(Ptx["elementwise.ptx"]).Where(k => k.StartsWith("unary_")).Order();
        var implied = KernelNames.All().Where(k => k.StartsWith("unary_")).Order();
        Assert.That(inPtx, Is.EqualTo(implied));
    }

    [Test]
    public void PtxHasNoUnresolvedCallsAndTargetsSm80()
    {
        foreach (var (file, text) in Ptx)
        {
            Assert.That(text, Does.Not.Contain(".extern .func"), $"{file} calls a function the driver cannot resolve (libdevice?)");
            Assert.That(text, Does.Contain(".target sm_80"), file);
            Assert.That(text, Does.Contain(".version 7.0"), file);
        }
    }

    [TestCase("copy.ptx", "copy_f32_f64", typeof(Geometry))]
    [TestCase("elementwise.ptx", "binary_add_f32", typeof(Geometry))]
    [TestCase("reduce.ptx", "reduce_sum_f32", typeof(ReduceGeometry))]
    [TestCase("reduce.ptx", "argreduce_max_f64", typeof(ReduceGeometry))]
    [TestCase("matmul.ptx", "matmul_v2_f32", typeof(MatMulGeometry))]
    [TestCase("matmul.ptx", "matmul_v1_i64", typeof(MatMulGeometry))]
    [TestCase("index.ptx", "index_add_u8", typeof(Geometry))]
    [TestCase("conv.ptx", "unfold_f32", typeof(WindowGeometry))]
    [TestCase("conv.ptx", "max_pool2d_f64", typeof(WindowGeometry))]
    [TestCase("conv.ptx", "max_pool2d_backward_f32", typeof(WindowGeometry))]
    [TestCase("activation.ptx", "threshold_backward_f32", typeof(Geometry))]
    [TestCase("optim.ptx", "add_scaled_f32", typeof(Geometry))]
    public void HostStructMatchesKernelParameter(string file, string kernel, Type hostStruct)
    {
        int? bytes = KernelNames.FirstParamBytes(Ptx[file], kernel);
        Assert.That(bytes, Is.Not.Null, $"{kernel} has no struct parameter");
        Assert.That(System.Runtime.InteropServices.Marshal.SizeOf(hostStruct), Is.EqualTo(bytes));
    }

    [Test]
    public void IndexGeometryMatchesSecondParameter()
    {
        var m = System.Text.RegularExpressions.Regex.Match(Ptx["index.ptx"], @"index_select_f32_param_1\[(\d+)\]");
        Assert.That(m.Success, Is.True);
        Assert.That(System.Runtime.InteropServices.Marshal.SizeOf<IndexGeometry>(), Is.EqualTo(int.Parse(m.Groups[1].Value)));
    }

    [TestCase("matmul_v2_f32")]
    [TestCase("matmul_v3_f32")]
    public void SgemmKeepsItsAccumulatorsInRegisters(string kernel)
    {
        // Local memory in a tiled kernel would mean its accumulator tile spilled: a large slowdown.
        var body = Ptx["matmul.ptx"].Split($".entry {kernel}(")[1].Split(".entry")[0];
        Assert.That(body, Does.Not.Contain(".local"));
        Assert.That(body, Does.Contain("ld.shared.f32"));
    }
}
