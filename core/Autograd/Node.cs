// A recorded op in the autograd graph: its PyTorch name, where its input gradients go, and its backward rule.
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

    /// <summary>Maps the gradient of the output to gradients of the inputs (null where not needed).</summary>
    internal Func<Tensor, Tensor?[]> BackwardFn { get; }

    public override string ToString() => $"<{Name}>";
}

/// <summary>The sink for a leaf tensor's gradient (PyTorch's AccumulateGrad): adds into <c>leaf.Grad</c>.</summary>
public sealed class AccumulateGrad : Node
{
    internal AccumulateGrad(Tensor leaf) : base("AccumulateGrad", [], [leaf.shape], _ => []) => Leaf = leaf;

    internal Tensor Leaf { get; }

    internal void Accumulate(Tensor g)
    {
        // Gradients accumulate, as in PyTorch: call ZeroGrad (or set Grad = null) between steps.
        if (Leaf.Grad is null) Leaf.Grad = g.Clone();
        else Leaf.Grad.AddInPlace(g);
    }
}
