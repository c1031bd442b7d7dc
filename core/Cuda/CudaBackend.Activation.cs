// CUDA threshold_backward (ReLU's gradient in one pass): one launch over strided geometry (activation.cu).
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Cuda;

public sealed unsafe partial class CudaBackend
{
    public void ThresholdBackward(View grad, View x, double threshold, View dst)
    {
        var g = Geometry.Of(dst, grad, x);
        ulong pg = Ptr(grad), px = Ptr(x), pd = Ptr(dst);
        Cuda.Launch1D(KernelNames.ThresholdBackward(x.DType), g.N, [(nint)(&g), (nint)(&pg), (nint)(&px), (nint)(&threshold), (nint)(&pd)]);
    }
}
