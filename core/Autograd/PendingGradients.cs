// The gradients a backward pass has sent but not yet used, and the memory side of that bookkeeping, kept out of the
// walk in Engine.cs: which gradient buffers the pass made, who still holds them, and when one can go back for reuse.
namespace Mnist.Scripting.Autograd;

/// <summary>
/// The gradient waiting at each node of one backward pass (sums of what every path sent). A gradient made during this
/// pass (a backward rule's result or a sum) whose storage no pending gradient shares any more is read by no one else:
/// no rule keeps its input, leaves get a copy (AccumulateGrad clones or adds), and the user never sees it. Its memory
/// goes back for reuse at once, as PyTorch's reference counting frees it, instead of becoming garbage for the GC.
/// </summary>
internal sealed class PendingGradients
{
    readonly Dictionary<Node, Tensor> waiting = [];
    readonly Dictionary<Backends.Storage, int> holders = new(ReferenceEqualityComparer.Instance);
    readonly List<Tensor> summed = [];
    // Storages with a serial from here on were made during this pass; the seed gradient and the user's are older.
    readonly long firstSerial = Backends.Storage.NextSerial;

    public PendingGradients(Node start, Tensor gradient)
    {
        waiting[start] = gradient;
        Hold(gradient);
    }

    /// <summary>Takes the complete gradient for <paramref name="node"/>; false when no path from the root reaches it.</summary>
    public bool TryTake(Node node, out Tensor g)
    {
        if (!waiting.Remove(node, out g!)) return false;
        Drop(g);
        return true;
    }

    /// <summary>Sends <paramref name="g"/> to <paramref name="next"/>, added to what is already waiting there.</summary>
    public void Add(Node next, Tensor g)
    {
        if (waiting.TryGetValue(next, out var prev))
        {
            var sum = prev + g;
            Drop(prev);
            waiting[next] = sum;
            Hold(sum);
            // Both parts may still be another input's gradient from the same rule (add's backward returns g twice):
            // they are given back only when the node is done.
            summed.Add(prev);
            summed.Add(g);
        }
        else
        {
            waiting[next] = g;
            Hold(g);
        }
    }

    /// <summary>After a node's rule has run and its input gradients were sent: its own gradient and the parts summed meanwhile go back if no one holds them.</summary>
    public void Done(Tensor g)
    {
        Recycle(g);
        foreach (var t in summed) Recycle(t);
        summed.Clear();
    }

    /// <summary>Hands a leaf its gradient: the buffer itself when only this pass made and holds it, else a copy or a sum.</summary>
    public void Deliver(AccumulateGrad leaf, Tensor g)
    {
        if (!leaf.Accumulate(g, owned: Owns(g))) Recycle(g);
    }

    void Hold(Tensor t) => holders[t.storage] = holders.GetValueOrDefault(t.storage) + 1;

    void Drop(Tensor t)
    {
        int n = holders[t.storage] - 1;
        if (n == 0) holders.Remove(t.storage); else holders[t.storage] = n;
    }

    // A gradient only this pass made and no pending gradient shares, covering its whole storage as one dense block: a
    // leaf can keep it as its .grad instead of a copy (PyTorch's AccumulateGrad steals an unreferenced gradient too).
    bool Owns(Tensor t) => MadeHere(t) && t.offset == 0 && t.Numel == t.storage.Length && t.IsContiguous;

    bool MadeHere(Tensor t) => t.storage.Serial >= firstSerial && !holders.ContainsKey(t.storage);

    void Recycle(Tensor t)
    {
        if (MadeHere(t)) t.Recycle();
    }
}
