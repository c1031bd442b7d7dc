// Frees the device memory of every tensor created inside a scope when it ends (TorchSharp's DisposeScope), except
// those kept. Storages that own device memory (IDisposable) register themselves; CPU tensors are left to the GC. Scopes nest per thread.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting;

/// <summary>
/// <c>using (Tensor.NewDisposeScope()) { ... }</c> around a training step frees its temporaries deterministically.
/// Keep results that must outlive it with <see cref="Keep"/> (they move to the enclosing scope, if any).
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] static DisposeScope? current;
    readonly DisposeScope? outer;
    readonly HashSet<IDisposable> owned = new(ReferenceEqualityComparer.Instance);
    bool ended;

    internal DisposeScope() { outer = current; current = this; }

    /// <summary>The innermost open scope on this thread.</summary>
    public static DisposeScope? Current => current;

    /// <summary>Storages (device memory) this scope will free.</summary>
    public int Count => owned.Count;

    internal static void Track(Storage s)
    {
        if (current is { } scope && s is IDisposable d) scope.owned.Add(d);
    }

    /// <summary>Excludes the tensors' storage from this scope (handing it to the enclosing one) and returns the first.</summary>
    public Tensor Keep(params Tensor[] tensors)
    {
        foreach (var t in tensors)
            if (t.storage is IDisposable d && owned.Remove(d) && outer is not null) outer.owned.Add(d);
        return tensors[0];
    }

    public void Dispose()
    {
        if (ended) return;
        ended = true;
        foreach (var d in owned) d.Dispose();
        owned.Clear();
        // Scopes end in LIFO order in well-formed code; if not, drop back to this scope's parent anyway.
        current = outer;
    }
}
