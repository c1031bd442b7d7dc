// Conv2d and MaxPool2d modules over F.Conv2d and F.MaxPool2d (the ops themselves are in Ops/Windows.cs).
namespace Mnist.Scripting.NN;

/// <summary>
/// 2-D convolution (nn.Conv2d) over [N, C, H, W]: Weight [out, in, k, k], Bias [out], PyTorch's default init
/// U(±1/√(in·k·k)). Computed as im2col + GEMM: the windows of the padded input are unfolded into columns
/// [in·k·k, N·Ho·Wo] and multiplied by Weight viewed as [out, in·k·k], one product for the whole batch.
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
/// ceil_mode=False). Where a window has tied maxima the gradient goes to the first of them, as in PyTorch.
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
