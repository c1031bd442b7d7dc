// The optimizer base (torch.optim.Optimizer): holds the parameters and the learning rate, steps under NoGrad.
namespace Mnist.Scripting.Optim;

/// <summary>
/// Updates parameters from their gradients. <see cref="Step"/> applies one update (optimizer.step());
/// <see cref="ZeroGrad"/> clears the gradients (optimizer.zero_grad(), which sets them to None).
/// </summary>
public abstract class Optimizer
{
    protected Optimizer(IEnumerable<Tensor> parameters, double lr)
    {
        Parameters = parameters.ToList();
        if (Parameters.Count == 0) throw new ArgumentException("optimizer got an empty parameter list: pass model.Parameters()");
        foreach (var p in Parameters)
            if (!p.RequiresGradient) throw new ArgumentException($"optimizer: a parameter of shape {p.Shape} does not require gradients; call RequiresGrad() on it");
        if (lr < 0) throw new ArgumentException($"Invalid learning rate: {lr}");
        Lr = lr;
    }

    /// <summary>The tensors this optimizer updates, in order.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The learning rate (param_groups[0]["lr"]); a Learner sets it at each Fit.</summary>
    public double Lr { get; set; }

    /// <summary>
    /// The momentum a schedule sets (fastai's 'mom' hyper-parameter: Adam's beta1, SGD's momentum); null for an
    /// optimizer without one, where setting it does nothing (fastai's SGD made with mom=0 ignores it the same way).
    /// </summary>
    public virtual double? Mom { get => null; set { } }

    /// <summary>
    /// Saves everything a step reads or changes (learning rate, momentum, running averages, step counts) and returns
    /// what puts it back (PyTorch's state_dict and load_state_dict in one); null when the optimizer cannot (the
    /// default, for one written outside this library: override it to let LrFind put yours back).
    /// </summary>
    public virtual Action? SaveState() => null;

    /// <summary>Restores <paramref name="buffers"/> from copies taken now (for <see cref="SaveState"/>).</summary>
    protected static Action Keep(Tensor?[] buffers)
    {
        var saved = buffers.Select(b => b?.Clone()).ToArray();
        return () => { for (int i = 0; i < buffers.Length; i++) buffers[i] = saved[i]?.Clone(); };
    }

    /// <summary>One update of every parameter that has a gradient (optimizer.step()).</summary>
    public void Step()
    {
        using var _ = Tensor.NoGrad();
        for (int i = 0; i < Parameters.Count; i++)
            if ((KeepsNoGradient ? Parameters[i].PeekGrad : Parameters[i].Grad) is { } g) Update(i, Parameters[i], g);
    }

    /// <summary>
    /// True for this library's optimizers, whose <see cref="Update"/> keeps no reference to the gradient it is given:
    /// a gradient no one else saw can then go back for reuse when <see cref="ZeroGrad"/> clears it. An optimizer
    /// written outside the library may keep it, so its gradients are handed over as <c>p.Grad</c> is.
    /// </summary>
    internal virtual bool KeepsNoGradient => false;

    /// <summary>Updates parameter <paramref name="index"/> in place from gradient <paramref name="grad"/>; runs under NoGrad.</summary>
    protected abstract void Update(int index, Tensor parameter, Tensor grad);

    /// <summary>Clears every parameter's gradient (optimizer.zero_grad(set_to_none=True), the book's BasicOptim.zero_grad).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.ReleaseGrad();
    }
}
