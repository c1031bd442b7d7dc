// CUDA unfold (im2col), fold (col2im), max pooling with argmax and its backward: one launch each over contiguous operands (conv.cu).
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Cuda;

public sealed unsafe partial class CudaBackend
{
    public void Unfold(View x, Window2d w, View dst) => LaunchWindows(KernelNames.Unfold(x.DType), w, dst.Numel, x, dst);

    public void Fold(View cols, Window2d w, View dst) => LaunchWindows(KernelNames.Fold(cols.DType), w, dst.Numel, cols, dst);

    public void MaxPool2d(View x, Window2d w, View values, View indices) =>
        LaunchWindows(KernelNames.MaxPool2d(x.DType), w, values.Numel, x, values, indices);

    public void MaxPool2dBackward(View grad, View indices, Window2d w, View dst) =>
        LaunchWindows(KernelNames.MaxPool2dBackward(grad.DType), w, dst.Numel, grad, indices, dst);

    void LaunchWindows(string kernel, Window2d w, long n, params View[] operands)
    {
        if (n == 0) return;
        var g = new WindowGeometry { N = w.N, C = w.C, H = w.H, W = w.W, K = w.K, S = w.Stride, P = w.Padding, Ho = w.Ho, Wo = w.Wo };
        // Operands are contiguous; their offsets go into the pointers.
        var p = new ulong[operands.Length];
        for (int i = 0; i < p.Length; i++) p[i] = Ptr(operands[i]) + (ulong)((long)operands[i].Offset * CudaStorage.ElementSize(operands[i].DType));
        fixed (ulong* pp = p)
        {
            if (p.Length == 2) Cuda.Launch1D(kernel, n, [(nint)(&g), (nint)pp, (nint)(pp + 1)]);
            else Cuda.Launch1D(kernel, n, [(nint)(&g), (nint)pp, (nint)(pp + 1), (nint)(pp + 2)]);
        }
    }
}
