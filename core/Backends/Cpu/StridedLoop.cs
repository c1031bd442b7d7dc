// Walks k strided operands over one shape row by row: dims are coalesced first so contiguous data is one long row.
namespace Mnist.Scripting.Backends.Cpu;

/// <summary>A kernel over one innermost row: element j of operand i is at offsets[i] + j * innerStrides[i].</summary>
internal interface IRowKernel
{
    void Row(ReadOnlySpan<int> offsets, int count, ReadOnlySpan<int> innerStrides);
}

internal static class StridedLoop
{
    /// <summary>Elements below which running on one thread is cheaper than splitting.</summary>
    internal const int ParallelThreshold = 1 << 17;

    /// <summary>Merges adjacent dims that are laid out back to back in every operand and drops size-1 dims.</summary>
    internal static (int[] shape, int[][] strides) Coalesce(int[] shape, int[][] strides)
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

    /// <summary>Runs <paramref name="kernel"/> over every row; rows are split across cores when <paramref name="parallel"/> and large.</summary>
    internal static void Run<TK>(TK kernel, int[] shape, int[][] strides, int[] offsets, bool parallel = true) where TK : struct, IRowKernel
    {
        var (cs, cst) = Coalesce(shape, strides);
        long numel = 1;
        foreach (var d in cs) numel *= d;
        if (numel == 0) return;
        int inner = cs[^1];
        long rows = numel / inner;
        int workers = parallel && numel >= ParallelThreshold ? Math.Min(Backend.NumThreads, (int)Math.Min(rows, 64)) : 1;
        if (workers <= 1 && rows == 1 && parallel && numel >= ParallelThreshold)
        {
            // One long row: cut it into chunks so every core gets a piece.
            int chunks = Backend.NumThreads;
            int per = (inner + chunks - 1) / chunks;
            Parallel.For(0, chunks, c =>
            {
                int start = c * per, n = Math.Min(per, inner - start);
                if (n <= 0) return;
                var offs = new int[offsets.Length];
                var inn = new int[offsets.Length];
                for (int i = 0; i < offs.Length; i++) { offs[i] = offsets[i] + start * cst[i][^1]; inn[i] = cst[i][^1]; }
                var k = kernel;
                k.Row(offs, n, inn);
            });
            return;
        }
        if (workers <= 1) { RunRows(kernel, cs, cst, offsets, 0, rows); return; }
        long per2 = (rows + workers - 1) / workers;
        Parallel.For(0, workers, w =>
        {
            long start = w * per2, end = Math.Min(rows, start + per2);
            if (start < end) RunRows(kernel, cs, cst, offsets, start, end);
        });
    }

    static void RunRows<TK>(TK kernel, int[] shape, int[][] strides, int[] baseOffsets, long startRow, long endRow) where TK : struct, IRowKernel
    {
        int k = strides.Length, outer = shape.Length - 1, inner = shape[^1];
        Span<int> offs = stackalloc int[k];
        Span<int> inn = stackalloc int[k];
        Span<int> idx = stackalloc int[Math.Max(outer, 1)];
        for (int i = 0; i < k; i++) { offs[i] = baseOffsets[i]; inn[i] = strides[i][^1]; }
        long r = startRow;
        for (int d = outer - 1; d >= 0; d--)
        {
            idx[d] = (int)(r % shape[d]);
            r /= shape[d];
            for (int i = 0; i < k; i++) offs[i] += idx[d] * strides[i][d];
        }
        for (long row = startRow; row < endRow; row++)
        {
            kernel.Row(offs, inner, inn);
            for (int d = outer - 1; d >= 0; d--)
            {
                if (++idx[d] < shape[d])
                {
                    for (int i = 0; i < k; i++) offs[i] += strides[i][d];
                    break;
                }
                idx[d] = 0;
                for (int i = 0; i < k; i++) offs[i] -= (shape[d] - 1) * strides[i][d];
            }
        }
    }
}
