// Sliding-window primitives over [N, C, H, W], forward and backward together: im2col (Unfold) and its adjoint col2im
// (Fold), each the other's gradient, and max pooling that keeps its argmax for the backward scatter.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting;

public sealed partial class Tensor
{
    /// <summary>
    /// im2col of [N, C, H, W] into [C·k·k, N·Ho·Wo]: the layout one GEMM with a weight [O, C·k·k] needs (torch's
    /// F.unfold is this viewed as [N, C·k·k, Ho·Wo], which <see cref="NN.F.Unfold"/> returns).
    /// </summary>
    internal Tensor Im2Col(int kernelSize, int stride, int padding)
    {
        var w = Window("unfold", kernelSize, stride, padding);
        var x = FloatContiguous("unfold");
        var r = Empty([w.C * w.K * w.K, w.N * w.Ho * w.Wo], x.DType, x.Device);
        x.Backend.Unfold(x.Raw, w, r.Raw);
        return Record(r, "Im2ColBackward0", this, g => g.Col2Im(w));
    }

    /// <summary>col2im: [C·k·k, N·Ho·Wo] summed back onto [N, C, H, W] (the adjoint of <see cref="Im2Col"/>).</summary>
    internal Tensor Col2Im(Window2d w)
    {
        if (Dim != 2 || shape[0] != w.C * w.K * w.K || shape[1] != w.N * w.Ho * w.Wo)
            throw new ShapeException($"fold: expected columns [{w.C * w.K * w.K}, {w.N * w.Ho * w.Wo}] for a {w.K}x{w.K} window over [{w.N}, {w.C}, {w.H}, {w.W}], got {Shape}");
        var cols = FloatContiguous("fold");
        var r = Empty([w.N, w.C, w.H, w.W], cols.DType, cols.Device);
        cols.Backend.Fold(cols.Raw, w, r.Raw);
        return Record(r, "Col2ImBackward0", this, g => g.Im2Col(w.K, w.Stride, w.Padding));
    }

    /// <summary>
    /// Max over k×k windows of [N, C, H, W] with the argmax inside each H·W plane (F.max_pool2d(..., return_indices=True)).
    /// A tie sends the gradient to the first maximum, as PyTorch does.
    /// </summary>
    internal (Tensor Values, Tensor Indices) MaxPool2dWithIndices(int kernelSize, int stride)
    {
        var w = Window("max_pool2d", kernelSize, stride, 0);
        var x = FloatContiguous("max_pool2d");
        var values = Empty([w.N, w.C, w.Ho, w.Wo], x.DType, x.Device);
        var indices = Empty([w.N, w.C, w.Ho, w.Wo], DType.Int64, x.Device);
        x.Backend.MaxPool2d(x.Raw, w, values.Raw, indices.Raw);
        var input = this;
        Record(values, "MaxPool2DWithIndicesBackward0", this, g =>
        {
            // Scatter through the argmax: each plane's indices become offsets into the whole input (overlapping
            // windows may name one pixel twice, so this adds).
            var planes = Arange(0L, (long)w.N * w.C).To(g.Device).View(w.N, w.C, 1, 1) * (long)(w.H * w.W);
            var at = (indices + planes).Reshape(-1);
            var gx = Zeros([w.N * w.C * w.H * w.W], g.DType, g.Device);
            gx.Backend.IndexAdd(gx.Raw, 0, at.Raw, g.Contiguous().Reshape(-1).Raw);
            return gx.View(input.shape);
        }, indices);
        return (values, indices);
    }

    Window2d Window(string op, int k, int stride, int padding)
    {
        if (Dim != 4) throw new ShapeException($"{op}: expected input [N, C, H, W], got {Shape}; images as [N, 784] need .View(-1, 1, 28, 28)");
        if (k <= 0 || stride <= 0 || padding < 0)
            throw new ArgumentException($"{op}: kernel_size and stride must be positive and padding non-negative, got ({k}, {stride}, {padding})");
        var w = new Window2d(shape[0], shape[1], shape[2], shape[3], k, stride, padding);
        if (w.H + 2 * padding < k || w.W + 2 * padding < k)
            throw new ShapeException($"{op}: input {Shape} (after padding) is smaller than the kernel {k}x{k}");
        return w;
    }

    // The window kernels read contiguous float storage; integer inputs are promoted like other float-only math.
    Tensor FloatContiguous(string op)
    {
        if (DType == DType.Bool) throw new NotSupportedException($"{op}: needs a floating-point input, got bool");
        var x = DType.IsFloatingPoint() ? this : To(DType.Float32);
        return x.IsContiguous ? x : x.Contiguous();
    }
}
