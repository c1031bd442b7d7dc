// Functional forms (torch.nn.functional): activations, losses and the chapter's mnist_loss and batch_accuracy.
namespace Mnist.Scripting.NN;

/// <summary>
/// Functions over tensors with PyTorch's names (torch.nn.functional as F). Losses return the mean over the batch.
/// All are composed from tensor ops, so their gradients come from autograd.
/// </summary>
public static class F
{
    /// <summary>max(x, 0) (F.relu).</summary>
    public static Tensor Relu(Tensor x) => x.Relu();

    /// <summary>1/(1+e⁻ˣ) (F.sigmoid / torch.sigmoid).</summary>
    public static Tensor Sigmoid(Tensor x) => x.Sigmoid();

    /// <summary>log(softmax(x)) along <paramref name="dim"/> (F.log_softmax).</summary>
    public static Tensor LogSoftmax(Tensor x, int dim) => x.LogSoftmax(dim);

    /// <summary>softmax along <paramref name="dim"/> (F.softmax).</summary>
    public static Tensor Softmax(Tensor x, int dim) => x.Softmax(dim);

    /// <summary>
    /// Zeroes each element with probability <paramref name="p"/> and scales the rest by 1/(1-p), so the expected value is
    /// unchanged (F.dropout); the input itself when not <paramref name="training"/> or p = 0. The mask is drawn from
    /// <paramref name="generator"/> (default: <see cref="Generator.Default"/>, which Tensor.ManualSeed seeds); the
    /// gradient flows through the kept elements, scaled the same (MulBackward0, as PyTorch 1.13 records it).
    /// </summary>
    public static Tensor Dropout(Tensor x, double p = 0.5, bool training = true, Generator? generator = null)
    {
        CheckDropoutProbability(p);
        if (!training || p == 0) return x;
        if (!x.DType.IsFloatingPoint())
            throw new NotSupportedException($"dropout: needs a floating-point input, got {x.DType.TorchName()}; convert it with .Float()");
        // Kept where u < 1 - p, as torch's bernoulli_(1 - p); p = 1 keeps nothing (scale 0, not 1/0).
        var keep = Tensor.Rand(x.Shape.ToArray(), generator).Lt(1 - p).To(x.DType).To(x.Device);
        return x * (p == 1 ? keep : keep * (1 / (1 - p)));
    }

    internal static void CheckDropoutProbability(double p)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentException($"dropout probability has to be between 0 and 1, but got {p}");
    }

    /// <summary>mean((input - target)²) (F.mse_loss).</summary>
    public static Tensor MseLoss(Tensor input, Tensor target)
    {
        CheckSameShape("mse_loss", input, target);
        return (input - target).Square().Mean();
    }

    /// <summary>mean(|input - target|) (F.l1_loss).</summary>
    public static Tensor L1Loss(Tensor input, Tensor target)
    {
        CheckSameShape("l1_loss", input, target);
        return (input - target).Abs().Mean();
    }

    /// <summary>
    /// -mean(y·log p + (1-y)·log(1-p)) for probabilities p (F.binary_cross_entropy). Each log is clamped at -100,
    /// as PyTorch does, so p = 0 or 1 gives a large finite loss instead of infinity.
    /// </summary>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target)
    {
        CheckSameShape("binary_cross_entropy", input, target);
        var y = target.To(input.DType);
        return -(y * input.Log().ClampMin(-100) + (1.0 - y) * (1.0 - input).Log().ClampMin(-100)).Mean();
    }

    /// <summary>
    /// Binary cross-entropy on logits (F.binary_cross_entropy_with_logits), computed stably as
    /// max(x, 0) - x·y + log(1 + e^-|x|), which never exponentiates a large positive number.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target)
    {
        CheckSameShape("binary_cross_entropy_with_logits", input, target);
        var y = target.To(input.DType);
        return (input.Relu() - input * y + (1.0 + (-input.Abs()).Exp()).Log()).Mean();
    }

    /// <summary>
    /// -mean(input[i, target[i]]) for log-probabilities [N, C] and Int64 class indices [N] (F.nll_loss).
    /// </summary>
    public static Tensor NllLoss(Tensor input, Tensor target)
    {
        var (loss, mask) = PickedLoss(input, target);
        int n = input.Size(0);
        // One node, as PyTorch's NllLossBackward0: the gradient is -g/N at each row's class and 0 elsewhere.
        return Tensor.Record(loss, "NllLossBackward0", input, g => mask * (g * (-1.0 / n)), input);
    }

    /// <summary>-mean(input[i, target[i]]) without a graph, and the one-hot mask that picked each row's class.</summary>
    static (Tensor Loss, Tensor Mask) PickedLoss(Tensor input, Tensor target)
    {
        if (input.Dim != 2) throw new ShapeException($"nll_loss: expected input of shape [N, C], got {input.Shape}");
        if (target.DType != DType.Int64) throw new ArgumentException($"nll_loss: expected Int64 class indices as target, got {target.DType.TorchName()}; call .Long() on it");
        if (target.Dim == 2 && target.Size(1) == 1) target = target.Squeeze(1);
        if (target.Dim != 1 || target.Size(0) != input.Size(0))
            throw new ShapeException($"nll_loss: expected target of shape [{input.Size(0)}] for input {input.Shape}, got {target.Shape}");
        int c = input.Size(1);
        using (Tensor.NoGrad())
        {
            CheckClasses(target, c);
            var mask = HostOneHot(target, c, input) ?? Tensor.Arange(c).To(input.Device).Eq(target.Unsqueeze(1)).To(input.DType);
            return (-(input * mask).Sum(1).Mean(), mask);
        }
    }

    // A class outside 0..C-1 would match no column of the one-hot mask and add 0 to the loss: a silently wrong loss, so
    // it is an error on every device (PyTorch: "Target 10 is out of bounds"). The backend answers it: in host memory at
    // once; on a GPU at the next read back to the host, so a training step does not wait for its targets.
    static void CheckClasses(Tensor target, int classes)
    {
        if (target.Numel == 0) return;
        target.Backend.RequireInRange(target.Min().Raw, target.Max().Raw, 0, classes, v =>
            $"nll_loss: Target {v} is out of bounds: with {classes} output columns the classes are 0..{classes - 1}; " +
            (v < 0 ? "class indices start at 0 (there is no ignore_index here)" : $"check the labels, or give the last layer out_features={v + 1} or more"));
    }

    // The [N, C] one-hot rows of checked classes for a float input and its targets in host memory, written directly (a
    // speed path: the same mask the composed form on the other devices gives); null otherwise.
    static Tensor? HostOneHot(Tensor target, int c, Tensor input)
    {
        if (input.Device.Type != DeviceType.Cpu || target.Device.Type != DeviceType.Cpu) return null;
        if (input.DType is not (DType.Float32 or DType.Float64)) return null;
        var classes = target.ToArray<long>();
        if (input.DType == DType.Float32)
        {
            var f = new float[classes.Length * c];
            for (int i = 0; i < classes.Length; i++) f[i * c + classes[i]] = 1;
            return Tensor.FromArray(f, classes.Length, c);
        }
        var d = new double[classes.Length * c];
        for (int i = 0; i < classes.Length; i++) d[i * c + classes[i]] = 1;
        return Tensor.FromArray(d, classes.Length, c);
    }

    /// <summary>
    /// Cross-entropy of logits [N, C] against Int64 classes [N] (F.cross_entropy): log-softmax then NLL.
    /// LogSoftmax subtracts each row's max first, so large logits do not overflow.
    /// </summary>
    public static Tensor CrossEntropy(Tensor input, Tensor target)
    {
        if (input.Dim != 2) return NllLoss(input.LogSoftmax(1), target);   // NllLoss says what shape it needs
        Tensor logp;
        using (Tensor.NoGrad()) logp = input.LogSoftmax(1);
        var (loss, mask) = PickedLoss(logp, target);
        int n = input.Size(0);
        // One node for both (it prints as PyTorch's does, NllLossBackward0): d/dx = (softmax(x) - mask) · g / N, three
        // ops on the [N, C] logits instead of log_softmax's and nll_loss's backward one after the other.
        return Tensor.Record(loss, "NllLossBackward0", input, g => (logp.Exp() - mask) * (g * (1.0 / n)), logp);
    }

    /// <summary>
    /// The book's mnist_loss: sigmoid the predictions, then mean of (1 - p where target is 1, else p).
    /// <c>torch.where(targets==1, 1-predictions, predictions).mean()</c>.
    /// </summary>
    public static Tensor MnistLoss(Tensor predictions, Tensor targets)
    {
        var p = predictions.Sigmoid();
        return Tensor.Where(targets.Eq(1L), 1.0 - p, p).Mean();
    }

    /// <summary>The book's batch_accuracy: fraction of sigmoid(predictions) &gt; 0.5 that match targets (1 for a 3).</summary>
    public static Tensor BatchAccuracy(Tensor predictions, Tensor targets)
    {
        var correct = predictions.Sigmoid().Gt(0.5).Eq(targets);
        return correct.Float().Mean();
    }

    /// <summary>Multi-class accuracy: argmax of [N, C] predictions equals the Int64 targets (fastai's accuracy).</summary>
    public static Tensor Accuracy(Tensor predictions, Tensor targets)
    {
        if (targets.Dim == 2 && targets.Size(1) == 1) targets = targets.Squeeze(1);
        return predictions.ArgMax(-1).Eq(targets).Float().Mean();
    }

    /// <summary>input·weightᵀ + bias (F.linear): [N, in] by weight [out, in] plus bias [out], one op for 2-D input.</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null) => Tensor.Linear(input, weight, bias);

    /// <summary>2-D convolution of [N, C, H, W] by weight [O, C, k, k] plus bias [O] (F.conv2d), as im2col + matmul.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0) =>
        Tensor.Conv2d(input, weight, bias, stride, padding);

    /// <summary>Max over kernelSize×kernelSize windows of [N, C, H, W] (F.max_pool2d); stride defaults to the kernel size.</summary>
    public static Tensor MaxPool2d(Tensor input, int kernelSize, int? stride = null) => input.MaxPool2dWithIndices(kernelSize, stride ?? kernelSize).Values;

    /// <summary>
    /// Sliding k×k windows of [N, C, H, W] as columns [N, C·k·k, L] (F.unfold; L = Ho·Wo), zero outside with padding.
    /// <c>F.Unfold(x, 3, padding: 1)</c>.
    /// </summary>
    public static Tensor Unfold(Tensor input, int kernelSize, int padding = 0, int stride = 1)
    {
        var cols = input.Im2Col(kernelSize, stride, padding);
        int n = input.Size(0);
        return cols.View(cols.Size(0), n, cols.Size(1) / n).Permute(1, 0, 2);
    }

    /// <summary>
    /// Sums columns [N, C·k·k, L] back into [N, C, H, W] (F.fold with output_size (H, W)), the adjoint of
    /// <see cref="Unfold"/>: <c>F.Fold(cols, 28, 28, 3, padding: 1)</c>.
    /// </summary>
    public static Tensor Fold(Tensor input, int outputHeight, int outputWidth, int kernelSize, int padding = 0, int stride = 1)
    {
        if (input.Dim != 3 || kernelSize <= 0 || input.Size(1) % (kernelSize * kernelSize) != 0)
            throw new ShapeException($"fold: expected input [N, C·{kernelSize}·{kernelSize}, L], got {input.Shape}");
        var w = new Backends.Window2d(input.Size(0), input.Size(1) / (kernelSize * kernelSize), outputHeight, outputWidth, kernelSize, stride, padding);
        if (stride <= 0 || padding < 0 || outputHeight + 2 * padding < kernelSize || outputWidth + 2 * padding < kernelSize || input.Size(2) != w.Ho * w.Wo)
            throw new ShapeException($"fold: input {input.Shape} does not match a {kernelSize}x{kernelSize} window (stride {stride}, padding {padding}) over {outputHeight}x{outputWidth}");
        return input.Permute(1, 0, 2).Reshape(input.Size(1), input.Size(0) * input.Size(2)).Col2Im(w);
    }

    static void CheckSameShape(string op, Tensor input, Tensor target)
    {
        if (!input.Shape.Equals(target.Shape))
            throw new ShapeException($"{op}: input {input.Shape} and target {target.Shape} have different shapes; " +
                                     "broadcasting them is almost always a bug (e.g. [N, 1] vs [N]): reshape one with .View(...)");
    }
}
