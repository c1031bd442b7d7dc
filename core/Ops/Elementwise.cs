// Shared machinery of elementwise ops: broadcasting views, dtype casts without graph, scalar wrapping.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting;

public sealed partial class Tensor
{
    /// <summary>The public op of each binary primitive id: a.Apply(BinaryOp.Sub, b) is a - b. The in-place forms use it.</summary>
    internal Tensor Apply(BinaryOp op, Tensor other) => op switch
    {
        BinaryOp.Add => Add(other), BinaryOp.Sub => Sub(other), BinaryOp.Mul => Mul(other), BinaryOp.Div => Div(other),
        BinaryOp.Pow => Pow(other), BinaryOp.Maximum => Maximum(other), BinaryOp.Minimum => Minimum(other),
        BinaryOp.Lt => Lt(other), BinaryOp.Le => Le(other), BinaryOp.Gt => Gt(other), BinaryOp.Ge => Ge(other),
        BinaryOp.Eq => Eq(other), BinaryOp.Ne => Ne(other),
        _ => throw new NotSupportedException($"no public op for the binary primitive {op}: add it here"),
    };

    /// <summary>This tensor seen with <paramref name="target"/>'s shape: stride 0 on broadcast dims (no copy, no graph).</summary>
    internal View BroadcastView(int[] target)
    {
        int lead = target.Length - Dim;
        var st = new int[target.Length];
        for (int d = 0; d < target.Length; d++)
        {
            if (d < lead) { st[d] = 0; continue; }
            int s = shape[d - lead];
            st[d] = s == target[d] ? strides[d - lead] : s == 1 ? 0
                : throw new ShapeException($"The expanded size of the tensor ({target[d]}) must match the existing size ({s}) at non-singleton dimension {d}.  Target sizes: {Shapes.Show(target)}.  Tensor sizes: {Shapes.Show(shape)}");
        }
        return new View(storage, target, st, offset);
    }

    /// <summary>A converted copy with no graph; returns this when the dtype already matches.</summary>
    internal Tensor CastRaw(DType dtype)
    {
        if (dtype == DType) return this;
        var r = EmptyLike(dtype);
        Backend.Copy(Raw, r.Raw);
        return r;
    }

    internal Tensor Wrap(double value) => Scalar(value, DType.Float64, Device);
    internal Tensor Wrap(long value) => Scalar(value, DType.Int64, Device);

    internal static void CheckSameDevice(string op, Tensor a, Tensor b)
    {
        if (a.Device != b.Device)
            throw new InvalidOperationException($"{op}: Expected all tensors to be on the same device, but found at least two devices, {a.Device} and {b.Device}! Move one with .To(...).");
    }

    /// <summary>dst = op(a, b) with broadcasting, computed in <paramref name="compute"/> and written as <paramref name="outType"/> (no graph).</summary>
    internal static Tensor BinaryRaw(string name, BinaryOp op, Tensor a, Tensor b, DType compute, DType outType)
    {
        CheckSameDevice(name, a, b);
        var outShape = Shapes.Broadcast(a.shape, b.shape);
        var ac = a.CastRaw(compute);
        var bc = b.CastRaw(compute);
        var dst = Empty(outShape, outType, a.Device);
        a.Backend.Binary(op, ac.BroadcastView(outShape), bc.BroadcastView(outShape), dst.Raw);
        return dst;
    }

    /// <summary>dst = op(x) in the same dtype (no graph).</summary>
    internal Tensor UnaryRaw(UnaryOp op)
    {
        var dst = EmptyLike();
        Backend.Unary(op, Raw, dst.Raw);
        return dst;
    }
}
