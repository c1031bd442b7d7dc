// Reductions over all elements or over dims (negative dims, several dims, keepDim): sum, mean, max, min, argmax.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting;

/// <summary>Values and their indices, as returned by <c>tensor.max(dim)</c> (torch.return_types.max).</summary>
public readonly record struct ValuesIndices(Tensor Values, Tensor Indices);

public sealed partial class Tensor
{
    int[] ReduceDims(string op, int[]? dims)
    {
        if (dims is null || dims.Length == 0) return Enumerable.Range(0, Dim).ToArray();
        var r = new SortedSet<int>();
        foreach (var d in dims)
            if (!r.Add(Shapes.WrapDim(d, Dim)))
                throw new ArgumentException($"{op}: dim {d} appears multiple times in the list of dims");
        return r.Where(d => d < Dim).ToArray();
    }

    int[] KeptShape(int[] dims)
    {
        var s = (int[])shape.Clone();
        foreach (var d in dims) s[d] = 1;
        return s;
    }

    int[] DroppedShape(int[] dims) => shape.Where((_, i) => !dims.Contains(i)).ToArray();

    Tensor ReduceRaw(ReduceOp op, int[] dims, DType outType)
    {
        var src = op.IsArgReduce() ? this : CastRaw(outType);
        var dst = Empty(KeptShape(dims), outType, Device);
        if (Numel > 0 || op == ReduceOp.Sum) Backend.Reduce(op, src.Raw, dims, dst.Raw);
        return dst;
    }

    // Gradient of a reduction, viewed with the reduced dims back as size 1 so it broadcasts over the input.
    Tensor Unreduce(Tensor g, int[] dims, bool keepDim) => keepDim ? g : g.Reshape(KeptShape(dims));

    DType SumType => DType is DType.Bool or DType.UInt8 or DType.Int64 ? DType.Int64 : DType;

    /// <summary>Sum of all elements, as a zero-dim tensor (tensor.sum()).</summary>
    public Tensor Sum() => Sum(ReduceDims("sum", null), false, "SumBackward0");

    /// <summary>Sum over dims (tensor.sum(dim)); negative dims count from the end.</summary>
    public Tensor Sum(params int[] dims) => dims.Length == 0 ? Sum() : Sum(dims, keepDim: false);

    /// <summary>Sum over dims, keeping them as size 1 when <paramref name="keepDim"/>.</summary>
    public Tensor Sum(int[] dims, bool keepDim) => Sum(ReduceDims("sum", dims), keepDim, "SumBackward1");

    public Tensor Sum(int dim, bool keepDim) => Sum([dim], keepDim);

    Tensor Sum(int[] dims, bool keepDim, string name)
    {
        var r = ReduceRaw(ReduceOp.Sum, dims, SumType);
        if (!keepDim) r = r.Reshape(DroppedShape(dims));
        var x = this;
        return Record(r, name, x, g => Unreduce(g, dims, keepDim).Expand(x.shape));
    }

    /// <summary>Mean of all elements (tensor.mean()); floating inputs only, as in PyTorch.</summary>
    public Tensor Mean() => Mean(ReduceDims("mean", null), false, "MeanBackward0");

    /// <summary>Mean over dims: the book's <c>(a-b).abs().mean((-1,-2))</c> is <c>.Mean(-1, -2)</c>.</summary>
    public Tensor Mean(params int[] dims) => dims.Length == 0 ? Mean() : Mean(dims, keepDim: false);

    public Tensor Mean(int[] dims, bool keepDim) => Mean(ReduceDims("mean", dims), keepDim, "MeanBackward1");

    public Tensor Mean(int dim, bool keepDim) => Mean([dim], keepDim);

    Tensor Mean(int[] dims, bool keepDim, string name)
    {
        if (!DType.IsFloatingPoint())
            throw new InvalidOperationException($"mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: {DType.LegacyTypeName()[6..^6]}. Call .Float() first.");
        long count = 1;
        foreach (var d in dims) count *= shape[d];
        var sum = ReduceRaw(ReduceOp.Sum, dims, DType);
        var r = BinaryRaw("mean", BinaryOp.Div, sum, Wrap((double)count), DType, DType);
        if (!keepDim) r = r.Reshape(DroppedShape(dims));
        var x = this;
        return Record(r, name, x, g => Unreduce(g, dims, keepDim).Expand(x.shape) / (double)count);
    }

    /// <summary>Largest element (tensor.max()); the gradient is shared evenly among ties, as in PyTorch.</summary>
    public Tensor Max() => AllExtremum(ReduceOp.Max, "max", "MaxBackward1");

    /// <summary>Smallest element (tensor.min()).</summary>
    public Tensor Min() => AllExtremum(ReduceOp.Min, "min", "MinBackward1");

    Tensor AllExtremum(ReduceOp op, string name, string grad)
    {
        if (Numel == 0) throw new InvalidOperationException($"{name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
        var dims = ReduceDims(name, null);
        var r = ReduceRaw(op, dims, DType).Reshape([]);
        var x = this;
        return Record(r, grad, x, g =>
        {
            var hits = x.Eq(r).To(g.DType);
            return hits * (g / hits.Sum());
        }, x, r);
    }

    /// <summary>Max along a dim with the index of each (tensor.max(dim)): <c>var (values, indices) = t.Max(1);</c></summary>
    public ValuesIndices Max(int dim, bool keepDim = false) => DimExtremum(dim, keepDim, true);

    /// <summary>Min along a dim with the index of each (tensor.min(dim)).</summary>
    public ValuesIndices Min(int dim, bool keepDim = false) => DimExtremum(dim, keepDim, false);

    ValuesIndices DimExtremum(int dim, bool keepDim, bool max)
    {
        int d = Shapes.WrapDim(dim, Dim);
        if (Dim > 0 && shape[d] == 0) throw new IndexOutOfRangeException($"{(max ? "max" : "min")}(): Expected reduction dim {d} to have non-zero size.");
        var idx = ArgReduce(d, true, max);
        var x = this;
        int[] dims = Dim == 0 ? [] : [d];
        var values = ReduceRaw(max ? ReduceOp.Max : ReduceOp.Min, dims, DType);
        if (!keepDim) { values = values.Reshape(DroppedShape(dims)); idx = idx.Reshape(DroppedShape(dims)); }
        values = Record(values, max ? "MaxBackward0" : "MinBackward0", x, g =>
        {
            // Send each gradient to the position its index names: a one-hot mask along dim.
            var at = Unreduce(idx, dims, keepDim);
            var positions = Arange(x.Dim == 0 ? 1 : x.shape[d]).To(x.Device).Reshape(x.Dim == 0 ? [] : Enumerable.Range(0, x.Dim).Select(i => i == d ? -1 : 1).ToArray());
            return Unreduce(g, dims, keepDim) * positions.Eq(at).To(g.DType);
        }, idx);
        return new ValuesIndices(values, idx);
    }

    Tensor ArgReduce(int dim, bool keepDim, bool max)
    {
        if (Dim == 0) return Full([], 0, DType.Int64, Device);
        var r = ReduceRaw(max ? ReduceOp.ArgMax : ReduceOp.ArgMin, [dim], DType.Int64);
        return keepDim ? r : r.Reshape(DroppedShape([dim]));
    }

    /// <summary>Index of the largest element of the flattened tensor (tensor.argmax()).</summary>
    public Tensor ArgMax() => Reshape(-1).ArgReduce(0, false, true);

    /// <summary>Indices of the largest elements along <paramref name="dim"/> (tensor.argmax(dim)).</summary>
    public Tensor ArgMax(int dim, bool keepDim = false) => ArgReduce(Shapes.WrapDim(dim, Dim), keepDim, true);

    /// <summary>Index of the smallest element of the flattened tensor (tensor.argmin()).</summary>
    public Tensor ArgMin() => Reshape(-1).ArgReduce(0, false, false);

    public Tensor ArgMin(int dim, bool keepDim = false) => ArgReduce(Shapes.WrapDim(dim, Dim), keepDim, false);

    /// <summary>Max values along dims (torch.amax); ties share the gradient.</summary>
    public Tensor Amax(int dim, bool keepDim = false)
    {
        var dims = ReduceDims("amax", [dim]);
        var r = ReduceRaw(ReduceOp.Max, dims, DType);
        if (!keepDim) r = r.Reshape(DroppedShape(dims));
        var x = this;
        return Record(r, "AmaxBackward0", x, g =>
        {
            var rk = Unreduce(r, dims, keepDim);
            var hits = x.Eq(rk).To(g.DType);
            return hits * Unreduce(g, dims, keepDim) / hits.Sum(dims, keepDim: true);
        }, x, r);
    }
}
