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

    /// <summary>
    /// The most elements an elementwise kernel gets in one call. TensorPrimitives writes spans over 256 KB with
    /// non-temporal stores, which send the result past the caches: the next op (a ReLU after a bias add, an abs after a
    /// subtraction, the next SGD step) then reads it back from memory. Pieces of 64 KB (float) keep results in cache.
    /// </summary>
    internal const int RowPiece = 16 << 10;

    /// <summary>
    /// Runs <paramref name="kernel"/> over every row. With <paramref name="parallel"/> (elementwise kernels, whose
    /// elements are independent) rows are split across cores when large and handed over in pieces of at most
    /// <see cref="RowPiece"/>; reductions pass false and get whole rows, so their order of additions stays fixed.
    /// </summary>
    internal static void Run<TK>(TK kernel, int[] shape, int[][] strides, int[] offsets, bool parallel = true) where TK : struct, IRowKernel
    {
        long numel = 1;
        foreach (var d in shape) numel *= d;
        if (numel == 0) return;
        // Most ops see contiguous operands or broadcast scalars: one row, no coalescing, no allocation.
        var flat = FlatStrides(shape, strides);
        if (flat is not null) { RunLongRow(kernel, (int)numel, flat, offsets, parallel); return; }
        var (cs, cst) = Layout.Coalesce(shape, strides);
        int inner = cs[^1];
        long rows = numel / inner;
        if (rows == 1) { RunLongRow(kernel, inner, cst.Select(s => s[^1]).ToArray(), offsets, parallel); return; }
        int workers = parallel && numel >= ParallelThreshold ? Math.Min(Backend.NumThreads, (int)Math.Min(rows, 64)) : 1;
        if (workers <= 1) { RunRows(kernel, cs, cst, offsets, 0, rows, parallel); return; }
        long per = (rows + workers - 1) / workers;
        Parallel.For(0, workers, w =>
        {
            long start = w * per, end = Math.Min(rows, start + per);
            if (start < end) RunRows(kernel, cs, cst, offsets, start, end, parallel);
        });
    }

    // Stride 1 for an operand laid out row-major over the whole shape, 0 for one broadcast everywhere; null otherwise.
    static int[]? FlatStrides(int[] shape, int[][] strides)
    {
        var inner = new int[strides.Length];
        for (int k = 0; k < strides.Length; k++)
        {
            bool contiguous = true, zero = true;
            int expected = 1;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (shape[d] == 1) continue;
                int st = strides[k][d];
                contiguous &= st == expected;
                zero &= st == 0;
                expected *= shape[d];
            }
            if (contiguous) inner[k] = 1;
            else if (zero) inner[k] = 0;
            else return null;
        }
        return inner;
    }

    static void RunLongRow<TK>(TK kernel, int n, int[] inner, int[] offsets, bool parallel) where TK : struct, IRowKernel
    {
        int chunks = parallel && n >= ParallelThreshold ? Backend.NumThreads : 1;
        if (chunks <= 1) { Pieces(kernel, offsets, n, inner, parallel); return; }
        // One long row: cut it into chunks so every core gets a piece.
        int per = (n + chunks - 1) / chunks;
        Parallel.For(0, chunks, c =>
        {
            int start = c * per, len = Math.Min(per, n - start);
            if (len <= 0) return;
            var offs = new int[offsets.Length];
            for (int i = 0; i < offs.Length; i++) offs[i] = offsets[i] + start * inner[i];
            Pieces(kernel, offs, len, inner, true);
        });
    }

    // One row, in pieces of at most RowPiece elements when split (see RowPiece), else whole.
    static void Pieces<TK>(TK kernel, ReadOnlySpan<int> offsets, int n, ReadOnlySpan<int> inner, bool split) where TK : struct, IRowKernel
    {
        if (!split || n <= RowPiece) { kernel.Row(offsets, n, inner); return; }
        Span<int> offs = stackalloc int[offsets.Length];
        for (int start = 0; start < n; start += RowPiece)
        {
            for (int i = 0; i < offs.Length; i++) offs[i] = offsets[i] + start * inner[i];
            kernel.Row(offs, Math.Min(RowPiece, n - start), inner);
        }
    }

    static void RunRows<TK>(TK kernel, int[] shape, int[][] strides, int[] baseOffsets, long startRow, long endRow, bool split) where TK : struct, IRowKernel
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
            if (split && inner > RowPiece) Pieces(kernel, offs, inner, inn, true);
            else kernel.Row(offs, inner, inn);
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
