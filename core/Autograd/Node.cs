// A recorded op in the autograd graph: its PyTorch name, where its input gradients go, its backward rule and the tensors it saved.
namespace Mnist.Scripting.Autograd;

/// <summary>
/// A node of the backward graph (tensor.grad_fn). <see cref="Name"/> is PyTorch's, e.g. "PowBackward0".
/// </summary>
public class Node
{
    internal Node(string name, Node?[] next, int[][] inputShapes, Func<Tensor, Tensor?[]> backward)
    {
        Name = name;
        Next = next;
        InputShapes = inputShapes;
        BackwardFn = backward;
    }

    /// <summary>PyTorch's name for this backward node.</summary>
    public string Name { get; }

    /// <summary>Where each input's gradient goes (grad_fn.next_functions); null for inputs that need none.</summary>
    public IReadOnlyList<Node?> NextFunctions => Next;

    internal Node?[] Next { get; }
    internal int[][] InputShapes { get; }

    /// <summary>Maps the gradient of the output to gradients of the inputs (null where not needed); null once released.</summary>
    internal Func<Tensor, Tensor?[]>? BackwardFn { get; private set; }

    /// <summary>The tensors whose values the backward rule reads, with their versions when saved (PyTorch's SavedVariable).</summary>
    internal SavedTensor[] Saved { get; set; } = [];

    /// <summary>Runs once when a backward pass frees the saved tensors: gives back scratch buffers only this node read.</summary>
    internal Action? OnRelease { get; set; }

    /// <summary>True after a backward pass freed the saved tensors (backward without retain_graph).</summary>
    internal bool Released { get; private set; }

    /// <summary>Runs the backward rule, first checking that no saved tensor was modified in place since it was saved.</summary>
    internal Tensor?[] Apply(Tensor g, bool retainGraph)
    {
        if (Released)
            throw new InvalidOperationException(
                $"Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed), at {Name}. " +
                "Saved intermediate values of the graph are freed when you call .Backward(). " +
                "Specify retainGraph: true (loss.Backward(retainGraph: true)) if you need to backward through the graph a second time, or compute the loss again.");
        foreach (var s in Saved) s.Check();
        var grads = BackwardFn!(g);
        // Like PyTorch, only nodes that saved tensors are spent by a backward pass; the others can run again.
        if (!retainGraph && Saved.Length > 0)
        {
            Released = true; BackwardFn = null; Saved = [];
            OnRelease?.Invoke();
            OnRelease = null;
        }
        return grads;
    }

    public override string ToString() => $"<{Name}>";
}

/// <summary>A tensor saved for backward with the version its storage had then, and the node that produced it.</summary>
internal readonly record struct SavedTensor(Tensor Tensor, int Version, string? Producer)
{
    public void Check()
    {
        int now = Tensor.storage.Version;
        if (now == Version) return;
        var what = $"[{Tensor.Type()} {Shapes.Show(Tensor.shape)}]";
        var of = Producer is null ? "" : $", which is output 0 of {Producer},";
        throw new InvalidOperationException(
            $"one of the variables needed for gradient computation has been modified by an inplace operation: {what}{of} is at version {now}; " +
            $"expected version {Version} instead. Hint: the forward pass saved this tensor; modify a copy (.Clone()) instead, " +
            "or make the in-place change after Backward().");
    }
}

/// <summary>The sink for a leaf tensor's gradient (PyTorch's AccumulateGrad): adds into <c>leaf.Grad</c>.</summary>
public sealed class AccumulateGrad : Node
{
    internal AccumulateGrad(Tensor leaf) : base("AccumulateGrad", [], [leaf.shape], _ => []) => Leaf = leaf;

    internal Tensor Leaf { get; }

    /// <summary>
    /// Adds <paramref name="g"/> into the leaf's gradient, or makes it the gradient when there is none: <paramref name="g"/>
    /// itself when the engine says no one else can see it (<paramref name="owned"/>), else a copy. True when it kept
    /// <paramref name="g"/>, whose memory then belongs to the leaf.
    /// </summary>
    internal bool Accumulate(Tensor g, bool owned)
    {
        // Gradients accumulate, as in PyTorch: call ZeroGrad (or set Grad = null) between steps.
        if (Leaf.PeekGrad is not { } grad) { Leaf.SetGradFromBackward(owned ? g : g.Clone()); return owned; }
        grad.AddInPlace(g);
        return false;
    }
}
