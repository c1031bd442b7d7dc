// CUDA axpy for the optimizer step: dst += alpha · src in place (cuda-kernels/optim.cu).
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Cuda;

public sealed unsafe partial class CudaBackend
{
    public void AddScaled(View dst, View src, double alpha)
    {
        if (dst.Numel == 0) return;
        var g = Geometry.Of(src, dst);
        ulong ps = Ptr(src), pd = Ptr(dst);
        Cuda.Launch1D(KernelNames.AddScaled(dst.DType), g.N, [(nint)(&g), (nint)(&ps), (nint)(&pd), (nint)(&alpha)]);
    }
}
