// Memory-layout helpers both backends use: merging dims that several strided operands lay out back to back.
namespace Mnist.Scripting.Backends;

internal static class Layout
{
    /// <summary>Merges adjacent dims that are laid out back to back in every operand and drops size-1 dims.</summary>
    public static (int[] shape, int[][] strides) Coalesce(int[] shape, int[][] strides)
    {
        int k = strides.Length;
        var s = new List<int>(shape.Length);
        var st = new List<int>[k];
        for (int i = 0; i < k; i++) st[i] = new List<int>(shape.Length);
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1) continue;
            if (s.Count > 0)
            {
                bool merge = true;
                for (int i = 0; i < k && merge; i++) merge = st[i][^1] == strides[i][d] * shape[d];
                if (merge)
                {
                    s[^1] *= shape[d];
                    for (int i = 0; i < k; i++) st[i][^1] = strides[i][d];
                    continue;
                }
            }
            s.Add(shape[d]);
            for (int i = 0; i < k; i++) st[i].Add(strides[i][d]);
        }
        if (s.Count == 0) { s.Add(1); for (int i = 0; i < k; i++) st[i].Add(0); }
        var outStrides = new int[k][];
        for (int i = 0; i < k; i++) outStrides[i] = st[i].ToArray();
        return (s.ToArray(), outStrides);
    }
}
