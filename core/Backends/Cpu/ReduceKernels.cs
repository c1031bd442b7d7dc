// CPU reductions: x is walked in its own order while dst is viewed with stride 0 on the reduced dims.
using System.Numerics;
using System.Numerics.Tensors;

namespace Mnist.Scripting.Backends.Cpu;

internal struct SumRow<T>(T[] x, T[] d) : IRowKernel where T : INumber<T>
{
    public void Row(ReadOnlySpan<int> o, int n, ReadOnlySpan<int> s)
    {
        int sx = s[0], sd = s[1];
        if (sd == 0)
        {
            d[o[1]] += sx == 1 ? BlockSum(x.AsSpan(o[0], n)) : StridedSum(o[0], n, sx);
            return;
        }
        if (sx == 1 && sd == 1) { var dst = d.AsSpan(o[1], n); TensorPrimitives.Add(dst, x.AsSpan(o[0], n), dst); return; }
        for (int j = 0, ix = o[0], id = o[1]; j < n; j++, ix += sx, id += sd) d[id] += x[ix];
    }

    // Float sums run in SIMD blocks whose partial sums are added in double: close to PyTorch's cascade sum.
    static T BlockSum(ReadOnlySpan<T> row)
    {
        if (typeof(T) != typeof(float)) return TensorPrimitives.Sum(row);
        const int Block = 2048;
        double acc = 0;
        for (int i = 0; i < row.Length; i += Block)
            acc += (float)(object)TensorPrimitives.Sum(row.Slice(i, Math.Min(Block, row.Length - i)))!;
        return T.CreateTruncating(acc);
    }

    T StridedSum(int start, int n, int stride)
    {
        if (typeof(T) == typeof(float))
        {
            double acc = 0;
            for (int j = 0, i = start; j < n; j++, i += stride) acc += double.CreateTruncating(x[i]);
            return T.CreateTruncating(acc);
        }
        T sum = T.Zero;
        for (int j = 0, i = start; j < n; j++, i += stride) sum += x[i];
        return sum;
    }
}

internal struct ExtremumRow<T>(T[] x, T[] d, bool max) : IRowKernel where T : INumber<T>
{
    public void Row(ReadOnlySpan<int> o, int n, ReadOnlySpan<int> s)
    {
        int sx = s[0], sd = s[1];
        if (sd == 0 && sx == 1)
        {
            var row = x.AsSpan(o[0], n);
            d[o[1]] = Pick(d[o[1]], max ? TensorPrimitives.Max(row) : TensorPrimitives.Min(row));
            return;
        }
        if (sd == 1 && sx == 1)
        {
            // Running max of whole rows (a max over an outer dim, e.g. max-pool windows): SIMD, NaN still wins.
            var dst = d.AsSpan(o[1], n);
            if (max) TensorPrimitives.Max(dst, x.AsSpan(o[0], n), dst);
            else TensorPrimitives.Min(dst, x.AsSpan(o[0], n), dst);
            return;
        }
        for (int j = 0, ix = o[0], id = o[1]; j < n; j++, ix += sx, id += sd) d[id] = Pick(d[id], x[ix]);
    }

    // NaN wins, as in torch.max.
    T Pick(T cur, T v) => T.IsNaN(cur) ? cur : T.IsNaN(v) ? v : max ? (v > cur ? v : cur) : (v < cur ? v : cur);
}

internal static class ArgExtremum
{
    /// <summary>Index of the first max (or min) along each contiguous row of length <paramref name="len"/>; NaN counts as the max.</summary>
    public static void Rows<T>(T[] x, int rows, int len, long[] d, bool max) where T : INumber<T>
    {
        for (int r = 0; r < rows; r++)
        {
            int baseI = r * len, best = 0;
            T bv = x[baseI];
            for (int j = 1; j < len && !T.IsNaN(bv); j++)
            {
                T v = x[baseI + j];
                if (T.IsNaN(v) || (max ? v > bv : v < bv)) { bv = v; best = j; }
            }
            d[r] = best;
        }
    }
}
