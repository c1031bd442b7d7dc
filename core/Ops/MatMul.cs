// Matrix products with PyTorch's matmul rules: dot, mv, mm, and batched with broadcast batch dims.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting;

public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product (torch.matmul, Python's @): 1-d·1-d is a dot product, 2-d·2-d a matrix product, and
    /// leading batch dims broadcast, so <c>[6131,28,28] @ [1,28,28]</c> gives <c>[6131,28,28]</c>.
    /// </summary>
    public Tensor MatMul(Tensor other)
    {
        var (a, b) = (this, other);
        CheckSameDevice("matmul", a, b);
        if (a.Dim == 0 || b.Dim == 0)
            throw new ShapeException($"both arguments to matmul need to be at least 1D, but they are {a.Dim}D and {b.Dim}D");
        if (a.Dim == 1 && b.Dim == 1)
        {
            if (a.shape[0] != b.shape[0])
                throw new ShapeException($"inconsistent tensor size, expected tensor [{a.shape[0]}] and src [{b.shape[0]}] to have the same number of elements, but got {a.shape[0]} and {b.shape[0]} elements respectively");
            return (a * b).Sum();
        }
        if (a.Dim == 1) return a.Unsqueeze(0).MatMul(b).Squeeze(-2);
        if (b.Dim == 1) return a.MatMul(b.Unsqueeze(1)).Squeeze(-1);
        int m = a.shape[^2], k = a.shape[^1], k2 = b.shape[^2], n = b.shape[^1];
        if (k != k2)
            throw new ShapeException(a.Dim == 2 && b.Dim == 2
                ? $"mat1 and mat2 shapes cannot be multiplied ({m}x{k} and {k2}x{n})"
                : $"matmul: shapes {Shapes.Show(a.shape)} and {Shapes.Show(b.shape)} cannot be multiplied ({k} != {k2})");
        var batch = Shapes.Broadcast(a.shape[..^2], b.shape[..^2]);
        var t = DTypes.Promote(a.DType, b.DType);
        if (a.DType != b.DType)
            throw new InvalidOperationException($"expected m1 and m2 to have the same dtype, but got: {a.DType.TorchName()} != {b.DType.TorchName()}; convert one with .Float() or .To(...)");
        var outShape = batch.Append(m).Append(n).ToArray();
        var r = Empty(outShape, t, a.Device);
        a.Backend.MatMul(a.Batched(batch, m, k), b.Batched(batch, k, n), new View(r.storage, [Shapes.NumelOf(batch), m, n], [m * n, n, 1], 0));
        return Record(r, a.Dim == 2 && b.Dim == 2 ? "MmBackward0" : "BmmBackward0", [a, b], g => [
            a.requiresGrad ? g.MatMul(b.Transpose(-1, -2)).SumTo(a.shape) : null,
            b.requiresGrad ? (a.Dim == 2 && b.Dim == 2 && b.strides[0] == 1 && !b.IsContiguous
                // b is a transposed matrix (Linear's Weight.T): (gᵀ·a)ᵀ is its gradient already in the weight's own
                // layout, so accumulating it is a plain copy instead of a transposed, cache-missing one.
                ? g.Transpose(-1, -2).MatMul(a).Transpose(-1, -2)
                : a.Transpose(-1, -2).MatMul(g).SumTo(b.shape)) : null],
            a.requiresGrad ? b : null, b.requiresGrad ? a : null);
    }

    /// <summary>
    /// input·weightᵀ + bias (F.linear). A [N, in] input is one op, as PyTorch's addmm: the bias added into the product in
    /// place and one node (AddmmBackward0, or MmBackward0 without a bias) whose weight gradient is gᵀ·input, already in
    /// the weight's layout. Other ranks and mismatched biases go through <see cref="MatMul"/> and an add, with their checks.
    /// </summary>
    internal static Tensor Linear(Tensor input, Tensor weight, Tensor? bias)
    {
        if (input.Dim != 2 || weight.Dim != 2 || (bias is not null && (bias.Dim != 1 || bias.DType != input.DType || bias.Device != input.Device)))
        {
            var y = input.MatMul(weight.T);
            return bias is null ? y : y + bias;
        }
        Tensor r;
        using (Autograd.GradMode.Disable()) r = input.MatMul(weight.T);
        if (bias is not null)
        {
            if (bias.shape[0] != r.shape[1])
                throw new ShapeException($"linear: a bias of shape {Shapes.Show(bias.shape)} does not match the {r.shape[1]} outputs (weight {Shapes.Show(weight.shape)})");
            r.Backend.Binary(BinaryOp.Add, r.Raw, bias.BroadcastView(r.shape), r.Raw);
        }
        bool needX = input.requiresGrad, needW = weight.requiresGrad, needB = bias is { requiresGrad: true };
        Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        return Record(r, bias is null ? "MmBackward0" : "AddmmBackward0", inputs, g =>
        {
            var gx = needX ? g.MatMul(weight) : null;
            var gw = needW ? g.T.MatMul(input) : null;
            return bias is null ? [gx, gw] : [gx, gw, needB ? g.Sum(0) : null];
        }, needX ? weight : null, needW ? input : null);
    }

    // This [..., rows, cols] tensor as a [B, rows, cols] view over the broadcast batch dims (copying only when they won't merge).
    View Batched(int[] batch, int rows, int cols)
    {
        var full = batch.Append(rows).Append(cols).ToArray();
        var v = BroadcastView(full);
        int bn = Shapes.NumelOf(batch);
        if (batch.Length == 0) return new View(storage, [1, rows, cols], [0, v.Strides[^2], v.Strides[^1]], v.Offset);
        // Batch dims merge into one stride when each is laid out right after the next (or all are broadcast).
        bool merge = true;
        for (int d = 0; d < batch.Length - 1 && merge; d++)
            merge = batch[d] == 1 || v.Strides[d] == v.Strides[d + 1] * batch[d + 1];
        int bs = batch.Length == 0 ? 0 : v.Strides[batch.Length - 1];
        if (merge && (bn == 1 || Enumerable.Range(0, batch.Length).All(d => batch[d] == 1 || v.Strides[d] != 0) || v.Strides.Take(batch.Length).All(s => s == 0)))
            return new View(storage, [bn, rows, cols], [bn == 1 ? 0 : bs, v.Strides[^2], v.Strides[^1]], v.Offset);
        var copy = Empty(full, DType, Device);
        Backend.Copy(v, copy.Raw);
        return new View(copy.storage, [bn, rows, cols], [rows * cols, cols, 1], 0);
    }

    /// <summary>Dot product of two 1-d tensors (torch.dot).</summary>
    public Tensor Dot(Tensor other) => Dim == 1 && other.Dim == 1 ? MatMul(other) : throw new ShapeException($"1D tensors expected, but got {Dim}D and {other.Dim}D tensors");
}
