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
        var order = TopologicalOrder(start);
        var grads = new Dictionary<Node, Tensor> { [start] = gradient };
        var pass = new GradientMemory(Backends.Storage.NextSerial);
        pass.Hold(gradient);
        var consumed = new List<Tensor>();
        foreach (var node in order)
        {
            if (!grads.Remove(node, out var g)) continue;
            pass.Drop(g);
            if (node is AccumulateGrad acc)
            {
                if (!acc.Accumulate(g, owned: pass.Owns(g))) pass.Recycle(g);
                continue;
            }
            var inputGrads = node.Apply(g, retainGraph);
            consumed.Clear();
            consumed.Add(g);
            for (int i = 0; i < node.Next.Length; i++)
            {
                var next = node.Next[i];
                var gi = i < inputGrads.Length ? inputGrads[i] : null;
                if (next is null || gi is null) continue;
                if (!gi.shape.AsSpan().SequenceEqual(node.InputShapes[i]))
                    throw new InvalidOperationException($"{node.Name} returned a gradient of shape {Shapes.Show(gi.shape)} for input {i} of shape {Shapes.Show(node.InputShapes[i])} (internal error)");
                if (grads.TryGetValue(next, out var prev))
                {
                    var sum = prev + gi;
                    pass.Drop(prev);
                    grads[next] = sum;
                    pass.Hold(sum);
                    consumed.Add(prev);
                    consumed.Add(gi);
                }
                else
                {
                    grads[next] = gi;
                    pass.Hold(gi);
                }
            }
            foreach (var t in consumed) pass.Recycle(t);
        }
    }

    /// <summary>
    /// The gradients of one backward pass and who still needs them. A gradient made during this pass (a backward rule's
    /// result or the engine's sum) whose storage no pending gradient shares any more is read by no one else: no rule
    /// keeps its input, leaves get a copy (AccumulateGrad clones or adds), and the user never sees it. Its memory goes
    /// back for reuse at once, as PyTorch's reference counting frees it, instead of becoming garbage for the GC.
    /// </summary>
    sealed class GradientMemory(long firstSerial)
    {
        readonly Dictionary<Backends.Storage, int> pending = new(ReferenceEqualityComparer.Instance);

        public void Hold(Tensor t) => pending[t.storage] = pending.GetValueOrDefault(t.storage) + 1;

        public void Drop(Tensor t)
        {
            int n = pending[t.storage] - 1;
            if (n == 0) pending.Remove(t.storage); else pending[t.storage] = n;
        }

        /// <summary>
        /// Whether <paramref name="t"/> is a gradient only this pass made and no pending gradient shares, covering its
        /// whole storage as one dense block: a leaf can keep it as its .grad instead of a copy (PyTorch's AccumulateGrad
        /// steals a gradient nobody else references in the same way).
        /// </summary>
        public bool Owns(Tensor t) =>
            t.storage.Serial >= firstSerial && !pending.ContainsKey(t.storage) && t.offset == 0 && t.Numel == t.storage.Length && t.IsContiguous;

        public void Recycle(Tensor t)
        {
            if (t.storage.Serial >= firstSerial && !pending.ContainsKey(t.storage)) t.Recycle();
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
