// Stochastic gradient descent with PyTorch's momentum, dampening, Nesterov and weight-decay semantics.
namespace Mnist.Scripting.Optim;

/// <summary>
/// SGD (torch.optim.SGD): p -= lr · d, where d = grad + weightDecay·p, and with momentum d becomes
/// buf = momentum·buf + (1 - dampening)·d (buf = d at the first step), or d + momentum·buf with Nesterov.
/// With the defaults it is the book's BasicOptim: <c>p -= p.grad * lr</c>.
/// </summary>
public sealed class Sgd : Optimizer
{
    readonly Tensor?[] momentumBuffers;

    public Sgd(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameters, lr)
    {
        if (momentum < 0) throw new ArgumentException($"Invalid momentum value: {momentum}");
        if (weightDecay < 0) throw new ArgumentException($"Invalid weight_decay value: {weightDecay}");
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        momentumBuffers = new Tensor?[Parameters.Count];
    }

    /// <summary>The momentum; a one-cycle schedule moves it when the optimizer was made with one (fastai's 'mom').</summary>
    public double Momentum { get; private set; }
    public double Dampening { get; }
    public double WeightDecay { get; }
    public bool Nesterov { get; }

    /// <summary>A plain SGD for a Learner's optimizer factory: <c>new Learner(dls, model, Sgd.Create, ...)</c> (fastai's opt_func=SGD).</summary>
    public static Optimizer Create(IEnumerable<Tensor> parameters, double lr) => new Sgd(parameters, lr);

    /// <summary>
    /// One plain step without an optimizer object: <c>p -= p.Grad * lr</c> for every parameter with a gradient,
    /// under NoGrad. Gradients are left as they are (clear them with ZeroGrad).
    /// </summary>
    public static void Step(IEnumerable<Tensor> parameters, double lr)
    {
        using var _ = Tensor.NoGrad();
        foreach (var p in parameters)
            if (p.PeekGrad is { } g) p.AddInPlace(g, -lr);
    }

    internal override bool KeepsNoGradient => true;

    public override double? Mom
    {
        get => Momentum == 0 ? null : Momentum;
        set
        {
            if (Momentum == 0) return;   // made without momentum: stays plain SGD, as fastai's SGD(mom=0)
            if (value is not { } m || m <= 0) throw new ArgumentException($"Sgd: momentum must be positive, got {value}");
            Momentum = m;
        }
    }

    public override Action? SaveState()
    {
        var (lr, momentum) = (Lr, Momentum);
        var restore = Keep(momentumBuffers);
        return () => { (Lr, Momentum) = (lr, momentum); restore(); };
    }

    // Each term is added with AddInPlace(x, alpha) (one pass, no temporary for x * alpha); d is the gradient itself
    // until a term must be added to it, then a copy. Same values, bit for bit, as the out-of-place formulas above.
    protected override void Update(int i, Tensor p, Tensor grad)
    {
        var d = WeightDecay != 0 ? grad.Clone().AddInPlace(p, WeightDecay) : grad;
        if (Momentum != 0)
        {
            var buf = momentumBuffers[i];
            if (buf is null) momentumBuffers[i] = buf = d.Clone();
            else buf.MulInPlace(Momentum).AddInPlace(d, 1 - Dampening);
            d = Nesterov ? (ReferenceEquals(d, grad) ? d.Clone() : d).AddInPlace(buf, Momentum) : buf;
        }
        p.AddInPlace(d, -Lr);
    }
}
