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
        int n = input.Size(0), c = input.Size(1), h = input.Size(2), w = input.Size(3), o = weight.Size(0), k = weight.Size(2);
        var (ho, wo) = OutputSize("conv2d", input, h + 2 * padding, w + 2 * padding, k, stride);
        // im2col as one gather: every column element names its input pixel, or the appended zero for padding.
        var flat = input.Reshape(n, c * h * w);
        if (padding > 0) flat = Tensor.Cat([flat, Tensor.Zeros([n, 1], input.DType, input.Device)], 1);
        var idx = Index(new Key(c, h, w, k, stride, padding), input.Device);
        var cols = flat.IndexSelect(1, idx).View(n, c * k * k, ho * wo);
        var y = weight.Reshape(o, c * k * k).MatMul(cols).View(n, o, ho, wo);
        return bias is null ? y : y + bias.View(1, o, 1, 1);
    }

    public static Tensor MaxPool2d(Tensor input, int kernelSize, int stride)
    {
        if (input.Dim != 4) throw new ShapeException($"max_pool2d: expected input [N, C, H, W], got {input.Shape}");
        int n = input.Size(0), c = input.Size(1), h = input.Size(2), w = input.Size(3), k = kernelSize;
        var (ho, wo) = OutputSize("max_pool2d", input, h, w, k, stride);
        var idx = Index(new Key(1, h, w, k, stride, 0), input.Device);
        var windows = input.Reshape(n * c, h * w).IndexSelect(1, idx).View(n, c, k * k, ho, wo);
        return windows.Amax(2);
    }

    static (int Ho, int Wo) OutputSize(string op, Tensor x, int h, int w, int k, int s)
    {
        if (h < k || w < k) throw new ShapeException($"{op}: input {x.Shape} (after padding) is smaller than the kernel {k}x{k}");
        return ((h - k) / s + 1, (w - k) / s + 1);
    }

    readonly record struct Key(int C, int H, int W, int K, int Stride, int Padding);

    static readonly System.Collections.Concurrent.ConcurrentDictionary<(Key, Device), Tensor> Indices = new();

    /// <summary>
    /// Where each window element comes from, laid out [C, k, k, Ho, Wo] (the order of Weight viewed as [O, C·k·k]);
    /// positions in the padding point one past the image, at the zero appended there.
    /// </summary>
    static Tensor Index(Key key, Device device) => Indices.GetOrAdd((key, device), kd =>
    {
        var (c, h, w, k, s, p) = kd.Item1;
        int ho = (h + 2 * p - k) / s + 1, wo = (w + 2 * p - k) / s + 1, zero = c * h * w;
        var idx = new long[c * k * k * ho * wo];
        int at = 0;
        for (int ch = 0; ch < c; ch++)
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                    for (int oy = 0; oy < ho; oy++)
                        for (int ox = 0; ox < wo; ox++)
                        {
                            int y = oy * s + i - p, x = ox * s + j - p;
                            idx[at++] = y < 0 || y >= h || x < 0 || x >= w ? zero : ch * h * w + y * w + x;
                        }
        return Tensor.FromArray(idx).To(kd.Item2);
    });
}
