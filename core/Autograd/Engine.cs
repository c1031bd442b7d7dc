// Reverse-mode autograd: a topological sort of the graph from the root, then each node's rule in reverse.
namespace Mnist.Scripting.Autograd;

internal static class Engine
{
    public static void Backward(Tensor root, Tensor? gradient, bool retainGraph)
    {
        if (!root.RequiresGradient)
            throw new InvalidOperationException("element 0 of tensors does not require grad and does not have a grad_fn: call RequiresGrad() on the leaves before computing the loss");
        if (gradient is null)
        {
            if (root.Numel != 1)
                throw new InvalidOperationException($"grad can be implicitly created only for scalar outputs (Backward() needs a scalar, got shape {Shapes.Show(root.shape)}: call .Mean() or .Sum() first)");
            gradient = Tensor.OnesLike(root);
        }
        else if (!gradient.Shape.Equals(root.Shape))
            throw new ShapeException($"Mismatch in shape: grad_output[0] has a shape of {gradient.Shape} and output[0] has a shape of {root.Shape}.");

        var start = root.gradFn ?? root.GetAccumulator();
        using var _ = GradMode.Disable();
        // Each node's gradient is complete once every node before it in this order has sent its share.
        var pending = new PendingGradients(start, gradient);
        foreach (var node in TopologicalOrder(start))
        {
            if (!pending.TryTake(node, out var g)) continue;   // no gradient flows to this node from the root
            if (node is AccumulateGrad leaf)
            {
                pending.Deliver(leaf, g);
                continue;
            }
            var inputGrads = node.Apply(g, retainGraph);
            for (int i = 0; i < node.Next.Length; i++)
            {
                var next = node.Next[i];
                var gi = i < inputGrads.Length ? inputGrads[i] : null;
                if (next is null || gi is null) continue;
                if (!gi.shape.AsSpan().SequenceEqual(node.InputShapes[i]))
                    throw new InvalidOperationException($"{node.Name} returned a gradient of shape {Shapes.Show(gi.shape)} for input {i} of shape {Shapes.Show(node.InputShapes[i])} (internal error)");
                pending.Add(next, gi);                          // summed with what other paths sent to next
            }
            pending.Done(g);
        }
    }

    // Iterative DFS post-order, reversed: every node comes before the nodes it sends gradients to.
    static List<Node> TopologicalOrder(Node start)
    {
        var visited = new HashSet<Node>();
        var post = new List<Node>();
        var stack = new Stack<(Node node, int next)>();
        stack.Push((start, 0));
        visited.Add(start);
        while (stack.Count > 0)
        {
            var (node, i) = stack.Pop();
            if (i < node.Next.Length)
            {
                stack.Push((node, i + 1));
                var child = node.Next[i];
                if (child is not null && visited.Add(child)) stack.Push((child, 0));
            }
            else post.Add(node);
        }
        post.Reverse();
        return post;
    }
}
