// Conv2d and MaxPool2d composed from tensor ops (strided slices, stack, matmul, amax), so autograd needs no new rules.
namespace Mnist.Scripting.NN;

/// <summary>
/// 2-D convolution (nn.Conv2d) over [N, C, H, W]: Weight [out, in, k, k], Bias [out], PyTorch's default init
/// U(±1/√(in·k·k)). Computed as im2col + GEMM: the k·k shifted (strided) views of the padded input are stacked into
/// columns [N, in·k·k, Ho·Wo] and multiplied by Weight viewed as [out, in·k·k].
/// </summary>
public sealed class Conv2d : Module
{
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, bool bias = true, Generator? generator = null)
    {
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0 || stride <= 0 || padding < 0)
            throw new ArgumentException($"Conv2d: channels, kernel_size and stride must be positive and padding non-negative, got ({inChannels}, {outChannels}, {kernelSize}, {stride}, {padding})");
        (InChannels, OutChannels, KernelSize, Stride, Padding) = (inChannels, outChannels, kernelSize, stride, padding);
        double bound = 1.0 / Math.Sqrt(inChannels * kernelSize * kernelSize);
        Weight = RegisterParameter("weight", (Tensor.Rand([outChannels, inChannels, kernelSize, kernelSize], generator) * 2.0 - 1.0) * bound);
        Bias = bias ? RegisterParameter("bias", (Tensor.Rand([outChannels], generator) * 2.0 - 1.0) * bound) : null;
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int KernelSize { get; }
    public int Stride { get; }
    public int Padding { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input)
    {
        if (input.Dim != 4 || input.Size(1) != InChannels)
            throw new ShapeException($"Conv2d: expected input [N, {InChannels}, H, W], got {input.Shape}; images as [N, 784] need .View(-1, 1, 28, 28)");
        return F.Conv2d(input, Weight, Bias, Stride, Padding);
    }

    protected override string ExtraRepr() =>
        $"{InChannels}, {OutChannels}, kernel_size=({KernelSize}, {KernelSize}), stride=({Stride}, {Stride})" +
        (Padding > 0 ? $", padding=({Padding}, {Padding})" : "") + (Bias is null ? ", bias=False" : "");
}

/// <summary>
/// Max over k×k windows (nn.MaxPool2d; stride defaults to the kernel size, remainders are dropped as with
/// ceil_mode=False). Where a window has tied maxima the gradient is shared among them (PyTorch sends it to one).
/// </summary>
public sealed class MaxPool2d(int kernelSize, int? stride = null) : Module
{
    public int KernelSize { get; } = kernelSize > 0 ? kernelSize : throw new ArgumentException($"MaxPool2d: kernel_size must be positive, got {kernelSize}");
    public int Stride { get; } = stride ?? kernelSize;

    public override Tensor Forward(Tensor input)
    {
        return F.MaxPool2d(input, KernelSize, Stride);
    }

    protected override string ExtraRepr() => $"kernel_size={KernelSize}, stride={Stride}, padding=0, dilation=1, ceil_mode=False";
}

internal static class Pool
{
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, int stride, int padding)
    {
        if (input.Dim != 4 || weight.Dim != 4 || input.Size(1) != weight.Size(1) || weight.Size(2) != weight.Size(3))
            throw new ShapeException($"conv2d: expected input [N, C, H, W] and a square weight [O, C, k, k] with the same C, got {input.Shape} and {weight.Shape}; images as [N, 784] need .View(-1, 1, 28, 28)");
        var x = Pad(input, padding);
        int n = x.Size(0), c = weight.Size(1), o = weight.Size(0), k = weight.Size(2);
        var (cols, ho, wo) = Windows(x, k, stride, "conv2d");
        var y = weight.Reshape(o, c * k * k).MatMul(cols.Reshape(n, c * k * k, ho * wo)).View(n, o, ho, wo);
        return bias is null ? y : y + bias.View(1, o, 1, 1);
    }

    public static Tensor MaxPool2d(Tensor input, int kernelSize, int stride)
    {
        if (input.Dim != 4) throw new ShapeException($"max_pool2d: expected input [N, C, H, W], got {input.Shape}");
        return Windows(input, kernelSize, stride, "max_pool2d").Windows.Amax(2);
    }

    /// <summary>Zero padding on H and W by concatenation (differentiable).</summary>
    public static Tensor Pad(Tensor x, int p)
    {
        if (p == 0) return x;
        int n = x.Size(0), c = x.Size(1), h = x.Size(2), w = x.Size(3);
        var side = Tensor.Zeros([n, c, h, p], x.DType, x.Device);
        x = Tensor.Cat([side, x, side], 3);
        var top = Tensor.Zeros([n, c, p, w + 2 * p], x.DType, x.Device);
        return Tensor.Cat([top, x, top], 2);
    }

    /// <summary>The k·k strided views of x (one per offset in the window) stacked as [N, C, k·k, Ho, Wo].</summary>
    public static (Tensor Windows, int Ho, int Wo) Windows(Tensor x, int k, int s, string op)
    {
        int h = x.Size(2), w = x.Size(3);
        if (h < k || w < k) throw new ShapeException($"{op}: input {x.Shape} (after padding) is smaller than the kernel {k}x{k}");
        int ho = (h - k) / s + 1, wo = (w - k) / s + 1;
        var views = new List<Tensor>(k * k);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                views.Add(x.Slice(2, i, i + s * (ho - 1) + 1, s).Slice(3, j, j + s * (wo - 1) + 1, s));
        return (Tensor.Stack(views, 2), ho, wo);
    }
}
