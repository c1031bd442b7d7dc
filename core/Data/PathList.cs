// fastai's L for paths: a list that prints as (#6131) [Path('train/3/10.png'),...] and sorts ordinally.
namespace Mnist.Scripting.Data;

/// <summary>A read-only list of paths, printed like fastai's L: <c>(#2) [Path('train/7'),Path('train/3')]</c>.</summary>
public sealed class PathList(IEnumerable<DataPath> items) : IReadOnlyList<DataPath>
{
    readonly DataPath[] items = items.ToArray();

    public DataPath this[int index] => index >= 0 && index < items.Length ? items[index]
        : throw new IndexOutOfRangeException($"PathList: index {index} is out of range for a list of {items.Length}");
    public int Count => items.Length;

    /// <summary>Sorted by ordinal string order (Python's sorted()), so threes[1] is train/3/10000.png as in the book.</summary>
    public PathList Sorted() => new(items.Order());

    /// <summary>Only the entries that satisfy <paramref name="predicate"/> (L.filter).</summary>
    public PathList Filter(Func<DataPath, bool> predicate) => new(items.Where(predicate));

    public IEnumerator<DataPath> GetEnumerator() => ((IEnumerable<DataPath>)items).GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => items.GetEnumerator();

    /// <summary>fastai shows the first 10 items then "...".</summary>
    public override string ToString() =>
        $"(#{items.Length}) [{string.Join(",", items.Take(10))}{(items.Length > 10 ? "..." : "")}]";
}
