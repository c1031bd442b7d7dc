// Mini-batches of a TensorDataset (torch DataLoader): slices when in order, IndexSelect gathers when shuffled.
namespace Mnist.Scripting.Data;

/// <summary>
/// Batches <c>(xb, yb)</c> of a dataset: <c>new DataLoader(dset, batchSize: 256)</c>. Plugs into
/// <c>new DataLoaders(dl, validDl)</c>. With <c>shuffle</c> every epoch draws a fresh order from a generator seeded once,
/// so a run with a seed is reproducible.
/// </summary>
public sealed class DataLoader : IEnumerable<(Tensor X, Tensor Y)>
{
    readonly Generator? generator;

    /// <summary>Where a shuffled loader draws its orders (DataLoader.generator); null in order.</summary>
    public Generator? Generator => generator;

    public TensorDataset Dataset { get; }
    public int BatchSize { get; }
    public bool Shuffle { get; }
    public bool DropLast { get; }

    public DataLoader(TensorDataset dataset, int batchSize = 64, bool shuffle = false, long? seed = null, bool dropLast = false)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"DataLoader: batchSize must be positive, got {batchSize}");
        Dataset = dataset; BatchSize = batchSize; Shuffle = shuffle; DropLast = dropLast;
        generator = shuffle ? (seed is { } s ? new Generator(s) : Generator.Default) : null;
    }

    /// <summary>Batches a list of per-item pairs (the book's <c>list(zip(...))</c>) by stacking them once up front.</summary>
    public DataLoader(IReadOnlyList<(Tensor X, Tensor Y)> items, int batchSize = 64, bool shuffle = false, long? seed = null, bool dropLast = false)
        : this(StackPairs(items), batchSize, shuffle, seed, dropLast) { }

    static TensorDataset StackPairs(IReadOnlyList<(Tensor X, Tensor Y)> items)
    {
        if (items is TensorDataset d) return d;
        if (items.Count == 0) throw new ArgumentException("DataLoader: the dataset is empty");
        return new(Tensor.Stack(items.Select(p => p.X).ToArray()), Tensor.Stack(items.Select(p => p.Y).ToArray()));
    }

    /// <summary>Number of batches per epoch (len(dl)).</summary>
    public int Count => DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

    public IEnumerator<(Tensor X, Tensor Y)> GetEnumerator()
    {
        int n = Dataset.Count, batches = Count;
        var x = Dataset.X; var y = Dataset.Y;
        if (generator is null)
        {
            for (int b = 0; b < batches; b++)
            {
                int start = b * BatchSize, len = Math.Min(BatchSize, n - start);
                yield return (x.Narrow(0, start, len), y.Narrow(0, start, len));
            }
            yield break;
        }
        var order = generator.Permutation(n);
        for (int b = 0; b < batches; b++)
        {
            int start = b * BatchSize, len = Math.Min(BatchSize, n - start);
            var idx = Tensor.FromArray(order.AsSpan(start, len).ToArray());
            yield return (x.IndexSelect(0, idx), y.IndexSelect(0, idx));
        }
    }
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The first batch (fastai's <c>first(dl)</c>).</summary>
    public (Tensor X, Tensor Y) First() => this.First<(Tensor X, Tensor Y)>();

    /// <summary>
    /// Batches any list (the book's <c>DataLoader(range(15), batch_size=5, shuffle=True)</c>); each batch prints the way
    /// PyTorch collates it: numbers as a tensor, pairs as a tuple of collated columns.
    /// </summary>
    public static DataLoader<T> From<T>(IEnumerable<T> items, int batchSize = 64, bool shuffle = false, long? seed = null, bool dropLast = false) =>
        new(items.ToArray(), batchSize, shuffle, seed, dropLast);
}
