// Adam (torch.optim.Adam): bias-corrected moving averages of the gradient and its square; L2 weight decay as PyTorch adds
// it. AdamW (torch.optim.AdamW, fastai's default optimizer) is the same step with the decay taken off the weights instead.
namespace Mnist.Scripting.Optim;

/// <summary>
/// Adam (torch.optim.Adam): m = β₁m + (1-β₁)g, v = β₂v + (1-β₂)g², p -= lr · m̂ / (√v̂ + eps) with
/// m̂ = m/(1-β₁ᵗ), v̂ = v/(1-β₂ᵗ). Weight decay is added to the gradient (PyTorch's Adam, not AdamW).
/// </summary>
public class Adam : Optimizer
{
    readonly Tensor?[] m, v;
    readonly int[] steps;
    readonly bool decoupled;

    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : this(parameters, lr, beta1, beta2, eps, weightDecay, decoupled: false) { }

    private protected Adam(IEnumerable<Tensor> parameters, double lr, double beta1, double beta2, double eps, double weightDecay, bool decoupled)
        : base(parameters, lr)
    {
        if (weightDecay < 0) throw new ArgumentException($"Invalid weight_decay value: {weightDecay}");
        this.decoupled = decoupled;
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1) throw new ArgumentException($"Invalid beta parameters: ({beta1}, {beta2}); both must be in [0, 1)");
        Beta1 = beta1; Beta2 = beta2; Eps = eps; WeightDecay = weightDecay;
        m = new Tensor?[Parameters.Count];
        v = new Tensor?[Parameters.Count];
        steps = new int[Parameters.Count];
    }

    /// <summary>The first moment's decay; a one-cycle schedule moves it (fastai's 'mom').</summary>
    public double Beta1 { get; set; }
    public double Beta2 { get; }
    public double Eps { get; }
    public double WeightDecay { get; }

    /// <summary>Adam with default betas for a Learner's optimizer factory: <c>new Learner(dls, model, Adam.Create, ...)</c>.</summary>
    public static Optimizer Create(IEnumerable<Tensor> parameters, double lr) => new Adam(parameters, lr);

    internal override bool KeepsNoGradient => true;

    public override double? Mom
    {
        get => Beta1;
        set
        {
            if (value is not { } b || b < 0 || b >= 1) throw new ArgumentException($"Adam: beta1 must be in [0, 1), got {value}");
            Beta1 = b;
        }
    }

    public override Action? SaveState()
    {
        var (lr, beta1, counts) = (Lr, Beta1, (int[])steps.Clone());
        var (restoreM, restoreV) = (Keep(m), Keep(v));
        return () => { (Lr, Beta1) = (lr, beta1); counts.CopyTo(steps, 0); restoreM(); restoreV(); };
    }

    protected override void Update(int i, Tensor p, Tensor grad)
    {
        // Each parameter counts its own steps, as PyTorch's state["step"] does.
        int t = ++steps[i];
        // AddInPlace(x, alpha) adds x · alpha in one pass, without a temporary for the product (same values, bit for bit).
        // Adam adds the decay to the gradient (L2); AdamW shrinks the weights, p *= 1 - lr·wd, before the Adam step.
        if (decoupled && WeightDecay != 0) p.MulInPlace(1 - Lr * WeightDecay);
        var g = !decoupled && WeightDecay != 0 ? grad.Clone().AddInPlace(p, WeightDecay) : grad;
        m[i] ??= Tensor.ZerosLike(p);
        v[i] ??= Tensor.ZerosLike(p);
        m[i]!.MulInPlace(Beta1).AddInPlace(g, 1 - Beta1);
        v[i]!.MulInPlace(Beta2).AddInPlace(g * g, 1 - Beta2);
        double c1 = 1 - Math.Pow(Beta1, t), c2 = 1 - Math.Pow(Beta2, t);
        var denom = (v[i]! / c2).Sqrt().AddInPlace(Eps);
        p.AddInPlace(m[i]! / denom, -(Lr / c1));
    }
}

/// <summary>
/// AdamW (torch.optim.AdamW; fastai's default optimizer is Adam with this decoupled decay): p *= 1 - lr·weight_decay,
/// then the Adam step on the gradient alone. Weight decay defaults to 0.01, as in PyTorch.
/// </summary>
public sealed class AdamW : Adam
{
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01)
        : base(parameters, lr, beta1, beta2, eps, weightDecay, decoupled: true) { }

    /// <summary>AdamW with PyTorch's defaults for a Learner's optimizer factory: <c>new Learner(dls, model, AdamW.Create, ...)</c>.</summary>
    public static new Optimizer Create(IEnumerable<Tensor> parameters, double lr) => new AdamW(parameters, lr);
}
