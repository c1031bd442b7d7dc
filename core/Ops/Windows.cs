// Sliding-window primitives over [N, C, H, W], forward and backward together: im2col (Unfold) and its adjoint col2im
// (Fold), each the other's gradient; conv2d as one op over them; max pooling that keeps its argmax for the backward.
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
    /// conv2d as one recorded op (ConvolutionBackward0): the input's windows unfolded into columns [C·k·k, N·Ho·Wo], one
    /// GEMM by the weight viewed as [O, C·k·k], the bias added in place; the [O, N, Ho, Wo] product is returned as
    /// [N, O, Ho, Wo] with permuted strides (no copy). The columns are scratch memory: kept for the weight's gradient
    /// and given back when backward has used them (at once when nothing records); the gradient's columns are scratch too.
    /// </summary>
    internal static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, int stride, int padding)
    {
        if (input.Dim != 4 || weight.Dim != 4 || input.Size(1) != weight.Size(1) || weight.Size(2) != weight.Size(3))
            throw new ShapeException($"conv2d: expected input [N, C, H, W] and a square weight [O, C, k, k] with the same C, got {input.Shape} and {weight.Shape}; images as [N, 784] need .View(-1, 1, 28, 28)");
        int o = weight.Size(0), k = weight.Size(2);
        if (bias is not null && (bias.Dim != 1 || bias.Size(0) != o))
            throw new ShapeException($"conv2d: expected a bias of shape [{o}], got {bias.Shape}");
        CheckSameDevice("conv2d", input, weight);
        if (bias is not null) CheckSameDevice("conv2d", input, bias);
        var w = input.Window("conv2d", k, stride, padding);
        var x = input.FloatContiguous("conv2d");
        if (weight.DType != x.DType || (bias is not null && bias.DType != x.DType))
            throw new InvalidOperationException($"conv2d: input type ({x.DType.TorchName()}) and weight/bias type ({weight.DType.TorchName()}{(bias is null ? "" : "/" + bias.DType.TorchName())}) should be the same; convert one with .Float() or .To(...)");
        int ckk = w.C * k * k, l = w.N * w.Ho * w.Wo, hw = w.Ho * w.Wo;
        var be = x.Backend;
        var cols = Scratch([ckk, l], x.DType, x.Device);
        be.Unfold(x.Raw, w, cols.Raw);
        var wm = weight.IsContiguous ? weight : weight.Contiguous();
        var y = Empty([o, l], x.DType, x.Device);
        be.MatMul(Matrix(wm, o, ckk), Matrix(cols, ckk, l), Matrix(y, o, l));
        if (bias is not null)
            be.Binary(BinaryOp.Add, y.Raw, new View(bias.storage, [o, l], [bias.strides[0], 0], bias.offset), y.Raw);
        var result = new Tensor(y.storage, [w.N, o, w.Ho, w.Wo], [hw, l, w.Wo, 1], 0);
        bool needX = input.requiresGrad, needW = weight.requiresGrad, needB = bias is { requiresGrad: true };
        Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        Record(result, "ConvolutionBackward0", inputs, g =>
        {
            // g [N, O, Ho, Wo] as the [O, N·Ho·Wo] matrix the GEMMs take: a view when its layout allows, else a scratch copy.
            var gp = g.Permute(1, 0, 2, 3);
            var g2 = gp.IsContiguous ? gp : Scratch([o, w.N, w.Ho, w.Wo], g.DType, g.Device);
            if (!ReferenceEquals(g2, gp)) g.Backend.Copy(gp.Raw, g2.Raw);
            Tensor? gx = null, gw = null, gb = null;
            if (needW)
            {
                gw = Empty([o, ckk], g.DType, g.Device);
                be.MatMul(Matrix(g2, o, l), Transposed(cols, ckk, l), Matrix(gw, o, ckk));
                gw = gw.View(weight.shape);
            }
            if (needB) gb = new Tensor(g2.storage, [o, l], [l, 1], g2.offset).Sum([1]);
            if (needX)
            {
                var gcols = Scratch([ckk, l], g.DType, g.Device);
                be.MatMul(Transposed(wm, o, ckk), Matrix(g2, o, l), Matrix(gcols, ckk, l));
                gx = Empty(input.shape, g.DType, g.Device);
                be.Fold(gcols.Raw, w, gx.Raw);
                gcols.ReleaseScratch();
            }
            if (!ReferenceEquals(g2, gp)) g2.ReleaseScratch();
            return bias is null ? [gx, gw] : [gx, gw, gb];
        }, needX ? wm : null, needW ? cols : null);
        // The columns live on only in the graph, for the weight's gradient; otherwise they are done with now.
        if (needW && result.gradFn is { } node) node.OnRelease = cols.ReleaseScratch;
        else cols.ReleaseScratch();
        return result;
    }

    // A contiguous [rows, cols] tensor, or its transpose, as the one-matrix batch Backend.MatMul takes.
    static View Matrix(Tensor t, int rows, int cols) => new(t.storage, [1, rows, cols], [0, cols, 1], t.offset);
    static View Transposed(Tensor t, int rows, int cols) => new(t.storage, [1, cols, rows], [0, 1, cols], t.offset);

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
            // Each window's gradient goes to its argmax (overlapping windows may name one pixel twice, so this adds).
            var gc = g.Contiguous();
            var gx = Empty(input.shape, gc.DType, gc.Device);
            gc.Backend.MaxPool2dBackward(gc.Raw, indices.Raw, w, gx.Raw);
            return gx;
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
