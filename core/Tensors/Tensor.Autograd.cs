// The tensor's autograd surface: Backward, NoGrad scopes, and how ops record themselves into the graph.
using Mnist.Scripting.Autograd;

namespace Mnist.Scripting;

public sealed partial class Tensor
{
    /// <summary>
    /// Computes gradients of this scalar with respect to every leaf that requires them, adding into their
    /// <see cref="Grad"/> (loss.backward()). Pass <paramref name="gradient"/> for a non-scalar output. The tensors the
    /// graph saved are freed afterwards; <paramref name="retainGraph"/> keeps them for a second Backward (retain_graph=True).
    /// </summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false) => Engine.Backward(this, gradient, retainGraph);

    /// <summary>How many in-place writes this tensor's storage has seen (tensor._version); shared with its views.</summary>
    public int Version => storage.Version;

    /// <summary>
    /// A scope in which ops record no graph (torch.no_grad()): <c>using (Tensor.NoGrad()) { w -= w.Grad * lr; }</c>;
    /// in F#: <c>use _ = Tensor.NoGrad()</c>.
    /// </summary>
    public static IDisposable NoGrad() => GradMode.Disable();

    /// <summary>Whether ops currently record the graph (torch.is_grad_enabled()).</summary>
    public static bool IsGradEnabled => GradMode.Enabled;

    internal AccumulateGrad GetAccumulator() => accumulator ??= new AccumulateGrad(this);

    Node? Edge() => !requiresGrad ? null : gradFn ?? GetAccumulator();

    /// <summary>
    /// Attaches a backward rule to <paramref name="result"/> when grad mode is on and any input needs gradients.
    /// The rule maps the output's gradient to one gradient per input, each of the input's shape.
    /// <paramref name="saved"/> lists every tensor whose values the rule reads (nulls are skipped): each is checked at
    /// backward time for in-place changes since now, as PyTorch's saved variables are.
    /// </summary>
    internal static Tensor Record(Tensor result, string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, params ReadOnlySpan<Tensor?> saved)
    {
        if (!GradMode.Enabled) return result;
        bool any = false;
        foreach (var t in inputs)
        {
            any |= t.requiresGrad;
            if ((t.gradFn is not null || t.viewBase is not null) && t.graphRebase != t.storage.GraphRebases)
                throw new InvalidOperationException(
                    $"{name}: an input was taken as a view before an in-place op changed its base while recording gradients, so its grad_fn " +
                    "is out of date and its gradient would be wrong. Take the view again after the in-place op, or make the update out of place (y = y * 2).");
        }
        if (!any) return result;
        var next = new Node?[inputs.Length];
        var shapes = new int[inputs.Length][];
        var dtypes = new DType[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) { next[i] = inputs[i].Edge(); shapes[i] = inputs[i].shape; dtypes[i] = inputs[i].DType; }
        result.MarkRequiresGrad(new Node(name, next, shapes, g =>
        {
            // A float32 input of a float64 op gets its gradient back in float32.
            var grads = backward(g);
            for (int i = 0; i < grads.Length && i < dtypes.Length; i++)
                if (grads[i] is { } gi && gi.DType != dtypes[i]) grads[i] = gi.To(dtypes[i]);
            return grads;
        }));
        // Every recorded op passes through here: nodes that save nothing keep the shared empty array, the others get one
        // array of exactly their saved tensors (no list in between).
        int count = 0;
        foreach (var s in saved) if (s is not null) count++;
        if (count == 0) return result;
        var keep = new SavedTensor[count];
        count = 0;
        foreach (var s in saved)
            if (s is not null)
                keep[count++] = new SavedTensor(s, s.storage.Version, ReferenceEquals(s, result) ? name : s.gradFn?.Name);
        result.gradFn!.Saved = keep;
        return result;
    }

    internal static Tensor Record(Tensor result, string name, Tensor input, Func<Tensor, Tensor> backward, params ReadOnlySpan<Tensor?> saved) =>
        Record(result, name, [input], g => [backward(g)], saved);

    /// <summary>Sums a broadcast gradient back to <paramref name="target"/> (the reverse of broadcasting).</summary>
    internal Tensor SumTo(int[] target)
    {
        if (shape.AsSpan().SequenceEqual(target)) return this;
        int lead = Dim - target.Length;
        var dims = new List<int>();
        for (int d = 0; d < Dim; d++)
            if (d < lead || (target[d - lead] == 1 && shape[d] != 1)) dims.Add(d);
        var r = dims.Count > 0 ? Sum(dims.ToArray(), keepDim: true) : this;
        return r.Reshape(target);
    }
}
