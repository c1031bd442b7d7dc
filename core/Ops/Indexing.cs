// Indexing and joining: select, slice, mask and index-tensor selection (get and set), cat and stack.
namespace Mnist.Scripting;

public sealed partial class Tensor
{
    /// <summary>
    /// Indexing as in PyTorch: <c>t[1]</c>, <c>t[.., 1]</c>, <c>t[1, 1..3]</c>, <c>t[4..15, 4..22]</c>, <c>t[^1]</c>,
    /// <c>t[mask]</c>, <c>t[indices]</c>. Basic indices give views; setting writes into this tensor.
    /// </summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public Tensor this[params TensorIndex[] index]
    {
        get => Index(index);
        set => IndexSet(index, value);
    }

    Tensor Index(TensorIndex[] index)
    {
        int consumed = index.Sum(i => i.What switch { TensorIndex.Kind.Select or TensorIndex.Kind.Slice => 1, TensorIndex.Kind.Tensor => Math.Max(i.Tensor!.Dim, 1), _ => 0 });
        if (consumed > Dim) throw new IndexOutOfRangeException($"too many indices for tensor of dimension {Dim}");
        if (index.Count(i => i.What == TensorIndex.Kind.Ellipsis) > 1) throw new IndexOutOfRangeException("an index can only have a single ellipsis ('...')");
        if (index.Count(i => i.What == TensorIndex.Kind.Tensor) > 1) throw new NotSupportedException("indexing with more than one index tensor is not supported: index one dim at a time");
        var r = this;
        int dim = 0;
        foreach (var ix in index)
        {
            switch (ix.What)
            {
                case TensorIndex.Kind.Select:
                    r = r.Select(dim, ix.Position.IsFromEnd ? -ix.Position.Value : ix.Position.Value);
                    break;
                case TensorIndex.Kind.Slice:
                    r = r.SliceDim(dim, ix);
                    dim++;
                    break;
                case TensorIndex.Kind.NewAxis:
                    r = r.Unsqueeze(dim);
                    dim++;
                    break;
                case TensorIndex.Kind.Ellipsis:
                    dim += Dim - consumed;
                    break;
                case TensorIndex.Kind.Tensor:
                    var t = ix.Tensor!;
                    if (t.DType == DType.Bool) { r = r.MaskSelect(dim, t); dim++; }
                    else if (t.DType == DType.Int64) { r = r.TakeAlong(dim, t); dim += Math.Max(t.Dim, 1); }
                    else throw new IndexOutOfRangeException($"tensors used as indices must be long, int, byte or bool tensors, got {t.DType.TorchName()}");
                    break;
            }
        }
        return r;
    }

    /// <summary>The slice at <paramref name="i"/> along <paramref name="dim"/>, removing that dim (tensor.select).</summary>
    public Tensor Select(int dim, int i)
    {
        int d = Shapes.WrapDim(dim, Dim);
        int n = shape[d];
        if (i < -n || i >= n) throw new IndexOutOfRangeException($"index {i} is out of bounds for dimension {d} with size {n}");
        if (i < 0) i += n;
        var ns = shape.Where((_, k) => k != d).ToArray();
        var st = strides.Where((_, k) => k != d).ToArray();
        var x = this;
        return Record(ViewOf(ns, st, offset + i * strides[d]), "SelectBackward0", x, g => ScatterInto(x, g, v => v.Select(d, i)));
    }

    /// <summary>Elements start..end-1 (step apart) along <paramref name="dim"/>, clamped like Python slices (tensor.narrow / t[a:b]).</summary>
    public Tensor Slice(int dim, int? start, int? end, int step = 1) =>
        SliceDim(Shapes.WrapDim(dim, Dim), TensorIndex.Slice(start, end, step));

    /// <summary>length elements from start along dim (tensor.narrow); unlike a slice it never clamps, as in PyTorch.</summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        int d = Shapes.WrapDim(dim, Dim);
        if (Dim == 0) throw new IndexOutOfRangeException("narrow() cannot be applied to a 0-dim tensor.");
        int n = shape[d];
        if (start < -n || start > n) throw new IndexOutOfRangeException($"narrow(): start out of range (expected to be in range of [{-n}, {n}], but got {start})");
        if (start < 0) start += n;
        if (length < 0) throw new ArgumentException($"narrow(): length must be non-negative, got {length}");
        if ((long)start + length > n) throw new IndexOutOfRangeException($"narrow(): start ({start}) + length ({length}) exceeds dimension size ({n}).");
        return Slice(d, start, start + length);
    }

    Tensor SliceDim(int d, TensorIndex ix)
    {
        if (d >= Dim) throw new IndexOutOfRangeException($"too many indices for tensor of dimension {Dim}");
        int n = shape[d];
        int start = ix.Start is { } s ? (ix.StartFromEnd ? n - s : s) : 0;
        int stop = ix.Stop is { } e ? (ix.StopFromEnd ? n - e : e) : n;
        start = Math.Clamp(start, 0, n);
        stop = Math.Clamp(stop, start, n);
        int len = (stop - start + ix.Step - 1) / ix.Step;
        var ns = (int[])shape.Clone(); ns[d] = len;
        var st = (int[])strides.Clone(); st[d] = strides[d] * ix.Step;
        var x = this;
        return Record(ViewOf(ns, st, offset + (len > 0 ? start * strides[d] : 0)), "SliceBackward0", x, g => ScatterInto(x, g, v => v.SliceDim(d, ix)));
    }

    // Gradient of a view op: zeros of the input's shape with g written where the view looked.
    static Tensor ScatterInto(Tensor input, Tensor g, Func<Tensor, Tensor> view)
    {
        var z = Zeros(input.shape, g.DType, g.Device);
        var target = view(z);
        z.Backend.Copy(g.BroadcastView(target.shape), target.Raw);
        return z;
    }

    /// <summary>Rows of <paramref name="dim"/> named by an Int64 index tensor (torch.index_select); the result keeps the index's shape at dim.</summary>
    public Tensor IndexSelect(int dim, Tensor index)
    {
        int d = Shapes.WrapDim(dim, Dim);
        if (index.DType != DType.Int64) throw new ArgumentException($"index_select(): Expected dtype int64 for index, got {index.DType.TorchName()}");
        if (index.Dim > 1) throw new ArgumentException("index_select(): Index is supposed to be a vector");
        var idx = index.Reshape(-1).Contiguous();
        int n = shape[d];
        // One pass over the indices both checks bounds and finds negative ones, which count from the end.
        var host = idx.ToArray<long>();
        bool negative = false;
        foreach (var v in host)
        {
            if (v < -n || v >= n) throw new IndexOutOfRangeException($"index {v} is out of bounds for dimension {d} with size {n}");
            negative |= v < 0;
        }
        if (negative) idx = FromArray(Array.ConvertAll(host, v => v < 0 ? v + n : v)).To(idx.Device);
        var ns = (int[])shape.Clone(); ns[d] = idx.Numel;
        var r = Empty(ns, DType, Device);
        Backend.IndexSelect(Raw, d, idx.Raw, r.Raw);
        var x = this;
        return Record(r, "IndexSelectBackward0", x, g =>
        {
            var z = Zeros(x.shape, g.DType, g.Device);
            z.Backend.IndexAdd(z.Raw, d, idx.Raw, g.Contiguous().Raw);
            return z;
        }, idx);
    }

    // t[indices] with an index tensor of any shape: select along dim, then give dim the index's shape.
    Tensor TakeAlong(int dim, Tensor index)
    {
        var r = IndexSelect(dim, index.Reshape(-1));
        var ns = shape[..dim].Concat(index.shape).Concat(shape[(dim + 1)..]).ToArray();
        return r.Reshape(ns);
    }

    // t[mask]: the mask covers dims dim..dim+mask.Dim-1, which collapse into one dim of the selected count.
    Tensor MaskSelect(int dim, Tensor mask)
    {
        for (int i = 0; i < mask.Dim; i++)
            if (dim + i >= Dim || mask.shape[i] != shape[dim + i])
                throw new IndexOutOfRangeException($"The shape of the mask {Shapes.Show(mask.shape)} at index {i} does not match the shape of the indexed tensor {Shapes.Show(shape)} at index {dim + i}");
        var flat = Reshape(shape[..dim].Append(-1).Concat(shape[(dim + mask.Dim)..]).ToArray());
        var m = mask.Reshape(-1).ToArray<bool>();
        var picks = new List<long>();
        for (int i = 0; i < m.Length; i++) if (m[i]) picks.Add(i);
        return flat.IndexSelect(dim, FromArray(picks.ToArray()).To(Device));
    }

    /// <summary>Elements where <paramref name="mask"/> is true, as a 1-d tensor (torch.masked_select).</summary>
    public Tensor MaskedSelect(Tensor mask) => Expand(Shapes.Broadcast(shape, mask.shape)).Contiguous()[mask.Expand(Shapes.Broadcast(shape, mask.shape))];

    /// <summary>Indices of nonzero elements, one row per element (torch.nonzero).</summary>
    public Tensor Nonzero()
    {
        var v = Ne(0L).ToArray<bool>();
        var rows = new List<long>();
        var st = Shapes.ContiguousStrides(shape);
        for (int i = 0; i < v.Length; i++)
            if (v[i]) for (int d = 0; d < Dim; d++) rows.Add(i / st[d] % shape[d]);
        return FromArray(rows.ToArray(), rows.Count / Math.Max(Dim, 1), Dim);
    }

    void IndexSet(TensorIndex[] index, Tensor value)
    {
        CheckInPlace("index_put_");
        if (Autograd.GradMode.Enabled && (requiresGrad || value.requiresGrad))
            throw new NotSupportedException("index_put_: assigning into a tensor that takes part in the autograd graph is not supported here (the graph would not see the write). " +
                                            "Build the tensor out of place (Tensor.Where, Tensor.Cat, Tensor.Stack), or assign under `using (Tensor.NoGrad())` if no gradient should flow.");
        if (index.Length == 1 && index[0].What == TensorIndex.Kind.Tensor && index[0].Tensor!.DType == DType.Bool && index[0].Tensor!.Dim == Dim)
        {
            // t[mask] = value: a Where that writes back into this tensor's storage.
            CopyFrom(Where(index[0].Tensor!, value.To(DType), this), "index_put_");
            return;
        }
        if (index.Any(i => i.What == TensorIndex.Kind.Tensor))
            throw new NotSupportedException("assigning through an index tensor is only supported for a full-shape Bool mask: t[mask] = value");
        Tensor target;
        using (Autograd.GradMode.Disable()) target = Index(index);
        target.CopyFrom(value, "index_put_");
    }

    /// <summary>Concatenates along an existing dim (torch.cat).</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("torch.cat(): expected a non-empty list of Tensors");
        var first = tensors[0];
        for (int k = 0; k < tensors.Count; k++)
            if (tensors[k].Dim == 0) throw new ShapeException($"zero-dimensional tensor (at position {k}) cannot be concatenated: use Stack, or Unsqueeze(0) it first");
        int d = Shapes.WrapDim(dim, first.Dim);
        var dtype = tensors.Skip(1).Aggregate(first.DType, (t, x) => DTypes.Promote(t, x.DType));
        for (int k = 1; k < tensors.Count; k++)
        {
            var t = tensors[k];
            CheckSameDevice("cat", first, t);
            if (t.Dim != first.Dim) throw new ShapeException($"Tensors must have same number of dimensions: got {first.Dim} and {t.Dim}");
            for (int i = 0; i < first.Dim; i++)
                if (i != d && t.shape[i] != first.shape[i])
                    throw new ShapeException($"Sizes of tensors must match except in dimension {d}. Expected size {first.shape[i]} but got size {t.shape[i]} for tensor number {k} in the list.");
        }
        var ns = (int[])first.shape.Clone();
        ns[d] = tensors.Sum(t => t.shape[d]);
        var r = Empty(ns, dtype, first.Device);
        int at = 0;
        foreach (var t in tensors)
        {
            var slot = r.Detach().Narrow(d, at, t.shape[d]);
            r.Backend.Copy(t.Raw, slot.Raw);
            at += t.shape[d];
        }
        var sizes = tensors.Select(t => t.shape[d]).ToArray();
        return Record(r, "CatBackward0", tensors.ToArray(), g =>
        {
            var grads = new Tensor?[sizes.Length];
            for (int k = 0, pos = 0; k < sizes.Length; pos += sizes[k], k++) grads[k] = g.Narrow(d, pos, sizes[k]);
            return grads;
        });
    }

    /// <summary>Stacks equal-shaped tensors along a new dim (torch.stack): 6131 images [28,28] become [6131,28,28].</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("stack expects a non-empty TensorList");
        for (int k = 1; k < tensors.Count; k++)
            if (!tensors[k].shape.AsSpan().SequenceEqual(tensors[0].shape))
                throw new ShapeException($"stack expects each tensor to be equal size, but got {Shapes.Show(tensors[0].shape)} at entry 0 and {Shapes.Show(tensors[k].shape)} at entry {k}");
        int d = Shapes.WrapDim(dim, tensors[0].Dim + 1);
        return Cat(tensors.Select(t => t.Unsqueeze(d)).ToArray(), d);
    }
}
