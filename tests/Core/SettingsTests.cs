// The engine's settings record: each variable parsed as its doc says, the defaults without any, and what Describe
// prints (Backend.Describe carries it, so the bench and the GPU runner show what ran).
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Tests.Core;

[Parallelizable]
public class SettingsTests
{
    [Test]
    public void NoVariablesGiveTheDefaults()
    {
        var s = EngineSettings.FromEnvironment(_ => null);
        Assert.That(s, Is.EqualTo(new EngineSettings()));
        Assert.That(s.Gemm512 && !s.ManagedBlas && !s.CudaPoison && !s.CudaSync && s.CudaMatMul == 0 && s.Device is null, "defaults");
        Assert.That(s.Describe(), Is.EqualTo("defaults"));
    }

    [Test]
    public void EachVariableIsReadAsDocumented()
    {
        var env = new Dictionary<string, string>
        {
            ["MNIST_SCRIPTING_DEVICE"] = " cuda ", ["MNIST_SCRIPTING_BLAS"] = "managed", ["MNIST_SCRIPTING_GEMM512"] = "off",
            ["MNIST_SCRIPTING_OPENBLAS_CORETYPE"] = "Haswell", ["MNIST_SCRIPTING_CUDA_LIBRARY"] = "/tmp/libfakecuda.so",
            ["MNIST_SCRIPTING_CUDA_POISON"] = "1", ["MNIST_SCRIPTING_CUDA_SYNC"] = "1", ["MNIST_SCRIPTING_CUDA_MATMUL"] = "v3",
        };
        var s = EngineSettings.FromEnvironment(name => env.GetValueOrDefault(name));
        Assert.That(s, Is.EqualTo(new EngineSettings
        {
            Device = "cuda", ManagedBlas = true, Gemm512 = false, OpenBlasCoreType = "Haswell", CudaLibrary = "/tmp/libfakecuda.so",
            CudaPoison = true, CudaSync = true, CudaMatMul = 3,
        }));
        Assert.That(s.Describe(), Is.EqualTo("MNIST_SCRIPTING_DEVICE=cuda MNIST_SCRIPTING_BLAS=managed MNIST_SCRIPTING_GEMM512=off " +
            "MNIST_SCRIPTING_OPENBLAS_CORETYPE=Haswell MNIST_SCRIPTING_CUDA_LIBRARY=/tmp/libfakecuda.so MNIST_SCRIPTING_CUDA_POISON=1 " +
            "MNIST_SCRIPTING_CUDA_SYNC=1 MNIST_SCRIPTING_CUDA_MATMUL=v3"));
        // Values outside the documented ones keep the default.
        var odd = EngineSettings.FromEnvironment(name => name == "MNIST_SCRIPTING_CUDA_MATMUL" ? "v9" : name == "MNIST_SCRIPTING_BLAS" ? "fast" : null);
        Assert.That(odd, Is.EqualTo(new EngineSettings()));
    }

    [Test]
    public void BackendDescribeSaysWhatThisProcessRunsWith() =>
        Assert.That(Backend.Describe(), Does.EndWith($"settings: {EngineSettings.Current.Describe()}"));
}
