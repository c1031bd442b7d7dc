// The optimizer step's primitive: dst += alpha · src (axpy), SIMD on contiguous rows, the strided loop otherwise.
using System.Numerics;
using System.Numerics.Tensors;

namespace Mnist.Scripting.Backends.Cpu;

internal sealed partial class CpuBackend
{
    public void AddScaled(View dst, View src, double alpha)
    {
        switch (Arr(dst))
        {
            case float[] f: Run(new AddScaledRow<float>((float[])Arr(src), f, (float)alpha), dst, true, src, dst); break;
            case double[] d: Run(new AddScaledRow<double>((double[])Arr(src), d, alpha), dst, true, src, dst); break;
            default: throw new NotSupportedException($"add_ with alpha: the backend primitive takes float32 or float64, got {dst.DType.TorchName()} (the op layer composes it for other dtypes)");
        }
    }
}

/// <summary>Row kernel for d += alpha · x. The product is rounded before the add (MultiplyAdd is not fused), as in d - x·(-alpha).</summary>
internal struct AddScaledRow<T>(T[] x, T[] d, T alpha) : IRowKernel where T : IFloatingPointIeee754<T>
{
    public void Row(ReadOnlySpan<int> o, int n, ReadOnlySpan<int> s)
    {
        int sx = s[0], sd = s[1];
        if (sx == 1 && sd == 1)
        {
            var dst = d.AsSpan(o[1], n);
            TensorPrimitives.MultiplyAdd(x.AsSpan(o[0], n), alpha, dst, dst);
            return;
        }
        int ix = o[0], id = o[1];
        for (int j = 0; j < n; j++, ix += sx, id += sd) d[id] = d[id] + x[ix] * alpha;
    }
}
