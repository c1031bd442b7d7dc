// CPU threshold_backward (ReLU's gradient in one pass): a Vector<T> compare-and-select on contiguous rows, a scalar
// loop over the strided ones.
using System.Numerics;

namespace Mnist.Scripting.Backends.Cpu;

internal sealed partial class CpuBackend
{
    public void ThresholdBackward(View grad, View x, double threshold, View dst)
    {
        switch (Arr(x))
        {
            case float[] a: Run(new ThresholdBackwardRow<float>((float[])Arr(grad), a, (float)threshold, (float[])Arr(dst)), dst, true, grad, x, dst); break;
            case double[] a: Run(new ThresholdBackwardRow<double>((double[])Arr(grad), a, threshold, (double[])Arr(dst)), dst, true, grad, x, dst); break;
            default: throw new NotSupportedException($"threshold_backward: needs float32 or float64, got {x.DType.TorchName()}");
        }
    }
}

/// <summary>d = x &gt; t ? g : 0. A NaN x compares false, so its gradient is 0 (as PyTorch).</summary>
internal struct ThresholdBackwardRow<T>(T[] g, T[] x, T t, T[] d) : IRowKernel where T : struct, IFloatingPointIeee754<T>
{
    public void Row(ReadOnlySpan<int> o, int n, ReadOnlySpan<int> s)
    {
        int j = 0, ig = o[0], ix = o[1], id = o[2];
        if (s[0] == 1 && s[1] == 1 && s[2] == 1 && Vector.IsHardwareAccelerated)
        {
            var gs = g.AsSpan(ig, n);
            var xs = x.AsSpan(ix, n);
            var ds = d.AsSpan(id, n);
            var tv = new Vector<T>(t);
            for (; j <= n - Vector<T>.Count; j += Vector<T>.Count)
            {
                var mask = Vector.GreaterThan(new Vector<T>(xs[j..]), tv);
                Vector.ConditionalSelect(mask, new Vector<T>(gs[j..]), Vector<T>.Zero).CopyTo(ds[j..]);
            }
            for (; j < n; j++) ds[j] = xs[j] > t ? gs[j] : T.Zero;
            return;
        }
        int sg = s[0], sx = s[1], sd = s[2];
        for (; j < n; j++, ig += sg, ix += sx, id += sd) d[id] = x[ix] > t ? g[ig] : T.Zero;
    }
}
