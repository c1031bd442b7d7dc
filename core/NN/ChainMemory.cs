// The memory side of Sequential's forward pass, kept out of the layer loop in Layers.cs: without a graph, an
// intermediate result our own layers made is read by the next layer only, so it goes back for reuse when that is done.
namespace Mnist.Scripting.NN;

/// <summary>
/// Storages the built-in layers made in one Sequential call. Outside a graph nothing but the next layer reads them, so
/// each goes back for reuse as soon as that layer has run (PyTorch frees it by reference count) instead of waiting for
/// a full GC. User layers (Lambda, custom modules) might keep what they get or make, so theirs are left alone; with
/// gradients on, the graph keeps every intermediate, so nothing is tracked.
/// </summary>
internal sealed class ChainMemory
{
    readonly HashSet<Backends.Storage>? made = Tensor.IsGradEnabled ? null : new(ReferenceEqualityComparer.Instance);

    /// <summary><paramref name="layer"/> turned <paramref name="x"/> into <paramref name="y"/>.</summary>
    public void Passed(Module layer, Tensor x, Tensor y)
    {
        if (made is null) return;
        if (!KeepsNothing(layer))
        {
            made.Clear();
            return;
        }
        if (y.storage == x.storage) return;   // a view (Flatten): the input lives on in the output
        if (made.Remove(x.storage)) x.Recycle();
        made.Add(y.storage);
    }

    // Built-in layers that keep no reference to their input or output outside a graph.
    static bool KeepsNothing(Module m) => m is Linear or ReLU or Sigmoid or Flatten or Conv2d or MaxPool2d;
}
