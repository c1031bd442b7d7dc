// DataLoader<T>: mini-batches of plain items (ints, (int, char) pairs, ...), printed like PyTorch's default collate.
namespace Mnist.Scripting.Data;

/// <summary>Batches of plain items; see <see cref="DataLoader.From{T}"/>.</summary>
public sealed class DataLoader<T> : IEnumerable<Batch<T>>
{
    readonly T[] items;
    readonly Generator? generator;
    public int BatchSize { get; }
    public bool DropLast { get; }

    internal DataLoader(T[] items, int batchSize, bool shuffle, long? seed, bool dropLast)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"DataLoader: batchSize must be positive, got {batchSize}");
        this.items = items; BatchSize = batchSize; DropLast = dropLast;
        generator = shuffle ? (seed is { } s ? new Generator(s) : Generator.Default) : null;
    }

    /// <summary>Number of batches per epoch.</summary>
    public int Count => DropLast ? items.Length / BatchSize : (items.Length + BatchSize - 1) / BatchSize;

    public IEnumerator<Batch<T>> GetEnumerator()
    {
        var order = generator?.Permutation(items.Length);
        for (int b = 0; b < Count; b++)
        {
            int start = b * BatchSize, len = Math.Min(BatchSize, items.Length - start);
            var batch = new T[len];
            for (int i = 0; i < len; i++) batch[i] = items[order is null ? start + i : (int)order[start + i]];
            yield return new Batch<T>(batch);
        }
    }
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>One batch of items; <see cref="Collate"/> turns numbers into a tensor and pairs into a tuple of columns.</summary>
public sealed class Batch<T>(T[] items) : IReadOnlyList<T>
{
    public T this[int index] => items[index];
    public int Count => items.Length;
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => items.GetEnumerator();

    /// <summary>PyTorch's default_collate: ints → int64 tensor, floats → float32 tensor, tensors → stacked, (a, b) pairs → (collate(a), collate(b)), other → array.</summary>
    public object Collate() => Collator.Collate(items.Cast<object?>().ToArray());

    public override string ToString() => Collator.Show(Collate());
}

internal static class Collator
{
    internal static object Collate(object?[] xs)
    {
        if (xs.Length == 0) return Array.Empty<object>();
        return xs[0] switch
        {
            int or long => Tensor.Of(xs.Select(Convert.ToInt64).ToArray()),
            float or double => Tensor.Of(xs.Select(Convert.ToDouble).ToArray()),
            Tensor => Tensor.Stack(xs.Cast<Tensor>().ToArray()),
            System.Runtime.CompilerServices.ITuple t => Enumerable.Range(0, t.Length)
                .Select(k => Collate(xs.Select(x => ((System.Runtime.CompilerServices.ITuple)x!)[k]).ToArray())).ToArray<object>() is var cols
                ? (object)new BatchColumns(cols) : null!,
            _ => xs,
        };
    }

    internal static string Show(object? o) => o switch
    {
        BatchColumns c => "(" + string.Join(", ", c.Items.Select(Show)) + ")",
        object?[] a => "(" + string.Join(", ", a.Select(ShowItem)) + ")",
        _ => o?.ToString() ?? "None",
    };

    static string ShowItem(object? o) => o switch { char or string => $"'{o}'", _ => Show(o) };

}

/// <summary>A collated batch of tuples: one collated column per tuple element (PyTorch returns a tuple).</summary>
public sealed record BatchColumns(object[] Items)
{
    public override string ToString() => Collator.Show(this);
}
