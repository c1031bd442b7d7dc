// Datasets of (x, y) pairs (the book's list(zip(train_x, train_y))): one stacked tensor per side, indexable, with a length.
namespace Mnist.Scripting.Data;

/// <summary>
/// Pairs (X[i], Y[i]) over two tensors that share their first dimension: <c>var dset = Dataset.Zip(trainX, trainY); dset[0]</c>.
/// A DataLoader over it batches by slicing, with no per-item copies.
/// </summary>
public sealed class TensorDataset : IReadOnlyList<(Tensor X, Tensor Y)>
{
    public Tensor X { get; }
    public Tensor Y { get; }

    public TensorDataset(Tensor x, Tensor y)
    {
        if (x.Dim == 0 || y.Dim == 0 || x.Size(0) != y.Size(0))
            throw new ArgumentException($"Dataset.Zip: inputs {x.Shape} and targets {y.Shape} need the same first dimension (one target per item)");
        X = x; Y = y;
    }

    public int Count => X.Size(0);

    public (Tensor X, Tensor Y) this[int index] => index >= -Count && index < Count ? (X[index], Y[index])
        : throw new IndexOutOfRangeException($"Dataset: index {index} is out of range for {Count} items");

    public IEnumerator<(Tensor X, Tensor Y)> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"(#{Count}) pairs of {X[0].Shape} and {Y[0].Shape}";
}

/// <summary>Building datasets: Python's <c>zip</c> for tensors and for plain sequences.</summary>
public static class Dataset
{
    /// <summary><c>list(zip(x, y))</c> for tensors, kept as two stacked tensors.</summary>
    public static TensorDataset Zip(Tensor x, Tensor y) => new(x, y);

    /// <summary><c>list(zip(a, b))</c> for any two sequences (stops at the shorter, as Python does).</summary>
    public static IReadOnlyList<(TA, TB)> Zip<TA, TB>(IEnumerable<TA> a, IEnumerable<TB> b) => a.Zip(b, (x, y) => (x, y)).ToArray();

    /// <summary>Python's <c>enumerate</c> as a list of (index, item) pairs: <c>Dataset.Enumerate("abcdefghijklmnopqrstuvwxyz")</c>.</summary>
    public static IReadOnlyList<(int, T)> Enumerate<T>(IEnumerable<T> items) => items.Select((x, i) => (i, x)).ToArray();
}
