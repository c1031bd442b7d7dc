// Views that move no data: view/reshape, unsqueeze, squeeze, transpose, permute, expand, flatten.
namespace Mnist.Scripting;

public sealed partial class Tensor
{
    Tensor ViewOf(int[] newShape, int[] newStrides, int newOffset) =>
        new(storage, newShape, newStrides, newOffset) { viewBase = viewBase ?? this, graphRebase = storage.GraphRebases };

    int[] InferShape(int[] requested)
    {
        var s = (int[])requested.Clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == -1) { if (infer >= 0) throw new ShapeException("only one dimension can be inferred"); infer = i; }
            else if (s[i] < 0) throw new ShapeException($"invalid shape dimension {s[i]}");
            else known *= s[i];
        }
        long n = Numel;
        if (infer >= 0)
        {
            if (known == 0 || n % known != 0) throw new ShapeException($"shape '{Shapes.Show(requested)}' is invalid for input of size {n}");
            s[infer] = (int)(n / known);
        }
        else if (known != n) throw new ShapeException($"shape '{Shapes.Show(requested)}' is invalid for input of size {n}");
        return s;
    }

    // Strides for viewing this tensor's memory with a new shape, or null when a copy is needed (PyTorch's computeStride).
    int[]? ViewStrides(int[] newShape)
    {
        if (IsContiguous) return Shapes.ContiguousStrides(newShape);
        var oldShape = shape.Where(d => d != 1).ToArray();
        var oldStrides = shape.Select((d, i) => (d, i)).Where(p => p.d != 1).Select(p => strides[p.i]).ToArray();
        var result = new int[newShape.Length];
        int oi = 0, ni = 0;
        while (ni < newShape.Length)
        {
            if (newShape[ni] == 1) { result[ni] = oi < oldStrides.Length ? oldStrides[oi] * oldShape[oi] : 1; ni++; continue; }
            if (oi >= oldShape.Length) return null;
            // Take a run of old dims that are contiguous with each other, then split it into new dims.
            long chunk = oldShape[oi];
            int oj = oi;
            while (oj + 1 < oldShape.Length && oldStrides[oj] == oldStrides[oj + 1] * oldShape[oj + 1]) { oj++; chunk *= oldShape[oj]; }
            long acc = 1;
            int nj = ni;
            while (nj < newShape.Length && acc * newShape[nj] <= chunk) { acc *= newShape[nj]; nj++; if (acc == chunk) break; }
            if (acc != chunk) return null;
            long stride = oldStrides[oj];
            for (int k = nj - 1; k >= ni; k--) { result[k] = (int)stride; stride *= newShape[k]; }
            ni = nj;
            oi = oj + 1;
        }
        return oi == oldShape.Length ? result : null;
    }

    /// <summary>A view with a new shape (tensor.view); one dim may be -1. Fails when the memory layout does not allow a view.</summary>
    public Tensor View(params int[] newShape)
    {
        var s = InferShape(newShape);
        var st = ViewStrides(s) ?? throw new ShapeException(
            $"view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .Reshape(...) instead.");
        var x = this;
        return Record(ViewOf(s, st, offset), "ViewBackward0", x, g => g.Reshape(x.shape));
    }

    /// <summary>A view with a new shape when possible, else a copy (tensor.reshape); one dim may be -1.</summary>
    public Tensor Reshape(params int[] newShape)
    {
        var s = InferShape(newShape);
        return ViewStrides(s) is not null ? View(s) : Contiguous().View(s);
    }

    /// <summary>Flattens dims start..end into one (torch.flatten).</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Dim == 0) return Reshape(1);
        int s = Shapes.WrapDim(startDim, Dim), e = Shapes.WrapDim(endDim, Dim);
        var ns = shape[..s].Append(-1).Concat(shape[(e + 1)..]).ToArray();
        return Reshape(ns);
    }

    /// <summary>Inserts a size-1 dim at <paramref name="dim"/> (tensor.unsqueeze).</summary>
    public Tensor Unsqueeze(int dim)
    {
        int d = Shapes.WrapDim(dim, Dim + 1);
        var ns = shape.ToList(); ns.Insert(d, 1);
        var st = strides.ToList(); st.Insert(d, d < Dim ? strides[d] * shape[d] : 1);
        var x = this;
        return Record(ViewOf(ns.ToArray(), st.ToArray(), offset), "UnsqueezeBackward0", x, g => g.Reshape(x.shape));
    }

    /// <summary>Removes all size-1 dims (tensor.squeeze()).</summary>
    public Tensor Squeeze()
    {
        var keep = Enumerable.Range(0, Dim).Where(i => shape[i] != 1).ToArray();
        var x = this;
        return Record(ViewOf(keep.Select(i => shape[i]).ToArray(), keep.Select(i => strides[i]).ToArray(), offset), "SqueezeBackward0", x, g => g.Reshape(x.shape));
    }

    /// <summary>Removes <paramref name="dim"/> if it has size 1 (tensor.squeeze(dim)).</summary>
    public Tensor Squeeze(int dim)
    {
        int d = Shapes.WrapDim(dim, Dim);
        if (Dim == 0 || shape[d] != 1) return Record(ViewOf(shape, strides, offset), "SqueezeBackward1", this, g => g);
        var x = this;
        var ns = shape.Where((_, i) => i != d).ToArray();
        var st = strides.Where((_, i) => i != d).ToArray();
        return Record(ViewOf(ns, st, offset), "SqueezeBackward1", x, g => g.Reshape(x.shape));
    }

    /// <summary>Swaps two dims (tensor.transpose).</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        int a = Shapes.WrapDim(dim0, Dim), b = Shapes.WrapDim(dim1, Dim);
        var ns = (int[])shape.Clone(); (ns[a], ns[b]) = (ns[b], ns[a]);
        var st = (int[])strides.Clone(); (st[a], st[b]) = (st[b], st[a]);
        return Record(ViewOf(ns, st, offset), "TransposeBackward0", this, g => g.Transpose(a, b));
    }

    /// <summary>The transpose of a matrix (tensor.T): dims reversed, as in PyTorch.</summary>
    public Tensor T => Dim < 2 ? this : Permute(Enumerable.Range(0, Dim).Reverse().ToArray());

    /// <summary>Reorders dims (tensor.permute).</summary>
    public Tensor Permute(params int[] dims)
    {
        if (dims.Length != Dim)
            throw new ShapeException($"permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = {Dim} is not equal to len(dims) = {dims.Length}");
        var p = dims.Select(d => Shapes.WrapDim(d, Dim)).ToArray();
        if (p.Distinct().Count() != p.Length) throw new ShapeException("permute(): duplicate dims are not allowed.");
        var inv = new int[Dim];
        for (int i = 0; i < Dim; i++) inv[p[i]] = i;
        return Record(ViewOf(p.Select(i => shape[i]).ToArray(), p.Select(i => strides[i]).ToArray(), offset), "PermuteBackward0", this, g => g.Permute(inv));
    }

    /// <summary>A broadcast view to <paramref name="sizes"/> (tensor.expand); -1 keeps a dim.</summary>
    public Tensor Expand(params int[] sizes)
    {
        if (sizes.Length < Dim)
            throw new ShapeException($"expand: the number of sizes provided ({sizes.Length}) must be greater or equal to the number of dimensions in the tensor ({Dim})");
        int lead = sizes.Length - Dim;
        for (int i = 0; i < sizes.Length; i++)
            if (sizes[i] < -1 || (sizes[i] == -1 && i < lead))
                throw new ShapeException($"expand: the expanded size of the tensor ({sizes[i]}) isn't allowed {(i < lead ? "in a leading, non-existing dimension" : "(only -1, meaning keep this dim, may be negative)")} {i}; sizes {Shapes.Show(sizes)}");
        var target = sizes.Select((s, i) => s == -1 && i >= lead ? shape[i - lead] : s).ToArray();
        var v = BroadcastView(target);
        var x = this;
        return Record(ViewOf(v.Shape, v.Strides, v.Offset), "ExpandBackward0", x, g => g.SumTo(x.shape));
    }

    /// <summary>Expands to another tensor's shape (tensor.expand_as).</summary>
    public Tensor ExpandAs(Tensor other) => Expand(other.shape);
}
