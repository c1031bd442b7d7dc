// The base of every layer (torch.nn.Module): named parameters and child modules, train/eval flag, PyTorch-style printing.
using System.Text;

namespace Mnist.Scripting.NN;

/// <summary>
/// A layer or a model (torch.nn.Module). Subclasses register their parameters and children, and implement
/// <see cref="Forward"/>. Call it as <c>model.Forward(x)</c>, <c>model.Call(x)</c>, or pass <c>model.Forward</c>
/// where a function is expected (in F#: <c>x |&gt; model.Forward</c>).
/// </summary>
public abstract class Module
{
    readonly List<(string Name, Tensor Value)> parameters = [];
    readonly List<(string Name, Module Child)> children = [];

    /// <summary>Computes the output for <paramref name="input"/> (module.forward).</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Same as <see cref="Forward"/>: Python's <c>model(x)</c>.</summary>
    public Tensor Call(Tensor input) => Forward(input);

    /// <summary>Forward as a function value, for APIs that take a <c>Func&lt;Tensor, Tensor&gt;</c>.</summary>
    public Func<Tensor, Tensor> AsFunc() => Forward;

    /// <summary>True in training mode (module.training); switch with <see cref="Train"/> and <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Sets training mode on this module and every child (module.train()); returns this.</summary>
    public Module Train(bool mode = true)
    {
        Training = mode;
        foreach (var (_, c) in children) c.Train(mode);
        return this;
    }

    /// <summary>Sets evaluation mode (module.eval()); returns this.</summary>
    public Module Eval() => Train(false);

    /// <summary>Registers a trainable tensor under <paramref name="name"/> and marks it as requiring gradients (nn.Parameter).</summary>
    protected Tensor RegisterParameter(string name, Tensor value)
    {
        if (!value.IsLeaf) value = value.Detach();
        if (!value.RequiresGradient) value.RequiresGrad();
        parameters.Add((name, value));
        return value;
    }

    /// <summary>Registers a child module under <paramref name="name"/> (its parameters are named "name.weight", ...).</summary>
    protected T RegisterModule<T>(string name, T child) where T : Module
    {
        children.Add((name, child));
        return child;
    }

    /// <summary>The child modules in registration order (module.named_children()).</summary>
    public IReadOnlyList<(string Name, Module Child)> NamedChildren() => children;

    /// <summary>Every parameter with its dotted name, in registration order, children after own (module.named_parameters()).</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        foreach (var p in parameters) yield return p;
        foreach (var (cn, c) in children)
            foreach (var (pn, p) in c.NamedParameters()) yield return ($"{cn}.{pn}", p);
    }

    /// <summary>Every parameter, in the order of <see cref="NamedParameters"/> (module.parameters()).</summary>
    public IReadOnlyList<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter).ToList();

    /// <summary>Clears every parameter's gradient (module.zero_grad(), which sets them to None).</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in NamedParameters()) p.ReleaseGrad();
    }

    /// <summary>The parameters by name, sharing storage with the model (module.state_dict()).</summary>
    public Dictionary<string, Tensor> StateDict() => NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Detach());

    /// <summary>
    /// Copies tensors into the parameters of the same names (module.load_state_dict(strict=True)): every name must
    /// be present with the same shape.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        var mine = NamedParameters().ToList();
        var missing = mine.Where(p => !state.ContainsKey(p.Name)).Select(p => p.Name).ToList();
        var unexpected = state.Keys.Where(k => mine.All(p => p.Name != k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new ArgumentException($"LoadStateDict: missing keys [{string.Join(", ", missing)}], unexpected keys [{string.Join(", ", unexpected)}]; " +
                                        "the saved model and this one must have the same layers");
        using var _ = Tensor.NoGrad();
        foreach (var (name, p) in mine)
        {
            var src = state[name];
            if (!src.Shape.Equals(p.Shape))
                throw new ArgumentException($"LoadStateDict: size mismatch for {name}: copying a param with shape {src.Shape} from the file, the parameter in the current model is {p.Shape}");
            p.CopyFrom(src);
        }
    }

    /// <summary>
    /// Runs <paramref name="input"/> (one batch) through the model without a graph and lists each layer's output shape
    /// and parameter count (fastai's <c>learn.summary()</c>): <c>model.Summary(xb)</c>.
    /// </summary>
    public ModelSummary Summary(Tensor input) => ModelSummary.Of(this, input);

    /// <summary>Writes the parameters to a .safetensors file (readable by PyTorch's safetensors.torch.load_file).</summary>
    public void Save(string path) => Safetensors.Save(path, NamedParameters().Select(p => (p.Name, p.Parameter)));

    /// <summary>Loads parameters saved by <see cref="Save"/> (or by safetensors.torch.save_file with the same names).</summary>
    public void Load(string path) => LoadStateDict(Safetensors.Load(path));

    /// <summary>What goes between the parentheses when printed, e.g. "in_features=784, out_features=1, bias=True" (extra_repr).</summary>
    protected virtual string ExtraRepr() => "";

    /// <summary>The class name as printed (PyTorch's type name): "Linear", "ReLU", ...</summary>
    protected virtual string TypeName => GetType().Name;

    /// <summary>Prints like PyTorch: <c>Sequential(\n  (0): Linear(in_features=784, out_features=30, bias=True)\n  ...)</c>.</summary>
    public override string ToString()
    {
        if (children.Count == 0) return $"{TypeName}({ExtraRepr()})";
        var sb = new StringBuilder($"{TypeName}(");
        var extra = ExtraRepr();
        if (extra.Length > 0) sb.Append('\n').Append("  ").Append(extra);
        foreach (var (name, c) in children)
            sb.Append("\n  (").Append(name).Append("): ").Append(c.ToString().Replace("\n", "\n  "));
        return sb.Append("\n)").ToString();
    }
}
