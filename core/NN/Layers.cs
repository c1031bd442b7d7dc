// The chapter's layers: Linear (PyTorch's default init), ReLU, Sigmoid, Dropout, Flatten, Sequential.
using System.Globalization;

namespace Mnist.Scripting.NN;

/// <summary>
/// y = x @ Weightᵀ + Bias (nn.Linear). Weight is [out, in] and Bias [out], both drawn uniformly from
/// ±1/√in_features as PyTorch does, from <see cref="Generator.Default"/> (so <c>Tensor.ManualSeed</c> makes it reproducible).
/// </summary>
public sealed class Linear : Module
{
    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentException($"Linear: in_features and out_features must be positive, got ({inFeatures}, {outFeatures})");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        // kaiming_uniform_(a=√5) and the bias rule both reduce to U(-1/√fan_in, 1/√fan_in) (pytorch PR #19526).
        double bound = 1.0 / Math.Sqrt(inFeatures);
        Weight = RegisterParameter("weight", Uniform([outFeatures, inFeatures], bound, generator));
        Bias = bias ? RegisterParameter("bias", Uniform([outFeatures], bound, generator)) : null;
    }

    static Tensor Uniform(int[] shape, double bound, Generator? g) => (Tensor.Rand(shape, g) * 2.0 - 1.0) * bound;

    public int InFeatures { get; }
    public int OutFeatures { get; }

    /// <summary>[out_features, in_features] (linear.weight).</summary>
    public Tensor Weight { get; }

    /// <summary>[out_features], or null when built with bias: false (linear.bias).</summary>
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input)
    {
        if (input.Dim == 0 || input.Size(-1) != InFeatures)
        {
            var shown = "[" + string.Join(", ", input.Shape) + "]";
            var hint = input.Dim > 2 && input.Shape.Skip(1).Aggregate(1L, (a, b) => a * b) == InFeatures
                ? $"flatten the images first, e.g. x.View(-1, {InFeatures}) or a Flatten() layer before this one"
                : input.Dim == 0 ? "it needs a batch of rows, [batch, in_features]"
                : $"its input has {input.Size(-1)} features: make this layer Linear({input.Size(-1)}, {OutFeatures}), or change the layer before it";
            throw new ShapeException($"Linear({InFeatures} -> {OutFeatures}) got input {shown}: the last dim must be in_features={InFeatures}; {hint}");
        }
        return Tensor.Linear(input, Weight, Bias);
    }

    protected override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={(Bias is null ? "False" : "True")}";
}

/// <summary>max(x, 0) as a layer (nn.ReLU).</summary>
public sealed class ReLU : Module
{
    public override Tensor Forward(Tensor input) => input.Relu();
}

/// <summary>1/(1+e⁻ˣ) as a layer (nn.Sigmoid).</summary>
public sealed class Sigmoid : Module
{
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}

/// <summary>
/// Zeroes each element with probability p while training and scales the rest by 1/(1-p) (nn.Dropout); the identity
/// in eval mode, which the Learner sets while it validates.
/// </summary>
public sealed class Dropout : Module
{
    public Dropout(double p = 0.5)
    {
        F.CheckDropoutProbability(p);
        P = p;
    }

    /// <summary>The probability of zeroing an element (dropout.p).</summary>
    public double P { get; }

    public override Tensor Forward(Tensor input) => F.Dropout(input, P, Training);
    // Python's float repr: 0.25, 1.0.
    protected override string ExtraRepr() => $"p={(P % 1 == 0 ? P.ToString("0.0", CultureInfo.InvariantCulture) : P.ToString("R", CultureInfo.InvariantCulture))}, inplace=False";
}

/// <summary>Flattens dims startDim..endDim (nn.Flatten, which keeps the batch dim by default).</summary>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Module
{
    public override Tensor Forward(Tensor input) => input.Flatten(startDim, endDim);
    protected override string ExtraRepr() => $"start_dim={startDim}, end_dim={endDim}";
}

/// <summary>Any function as a layer (fastai's Lambda), e.g. <c>new Lambda(x =&gt; x.View(-1, 784))</c>.</summary>
public sealed class Lambda(Func<Tensor, Tensor> func, string name = "Lambda") : Module
{
    public override Tensor Forward(Tensor input) => func(input);
    protected override string TypeName => name;
}

/// <summary>
/// Layers applied in order (nn.Sequential): <c>new Sequential(new Linear(784, 30), new ReLU(), new Linear(30, 1))</c>.
/// Children are named "0", "1", ..., so parameters are "0.weight", "0.bias", "2.weight", "2.bias".
/// </summary>
public sealed class Sequential : Module
{
    readonly List<Module> layers = [];

    public Sequential(params Module[] layers)
    {
        foreach (var m in layers) Add(m);
    }

    /// <summary>Appends a layer (nn.Sequential.append); returns this.</summary>
    public Sequential Add(Module layer)
    {
        RegisterModule(layers.Count.ToString(CultureInfo.InvariantCulture), layer);
        layers.Add(layer);
        return this;
    }

    /// <summary>The i-th layer (model[i]).</summary>
    public Module this[int i] => layers[i < 0 ? i + layers.Count : i];

    public int Count => layers.Count;

    public override Tensor Forward(Tensor input)
    {
        var x = input;
        var chain = new ChainMemory();
        for (int i = 0; i < layers.Count; i++)
        {
            Tensor y;
            try { y = layers[i].Forward(x); }
            catch (ShapeException e)
            {
                // Name the layer by its path, as PyTorch's module names do: Sequential[2], or Sequential[1][0] when nested.
                var inner = e.Message.StartsWith("Sequential[", StringComparison.Ordinal) ? e.Message["Sequential".Length..] : ": " + e.Message;
                throw new ShapeException($"Sequential[{i}]{inner}");
            }
            chain.Passed(layers[i], x, y);
            x = y;
        }
        return x;
    }
}
