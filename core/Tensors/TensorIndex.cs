// One entry of an index expression: t[1], t[.., 1], t[1, 1..3], t[^1], t[mask], t[indices], with steps and new axes.
namespace Mnist.Scripting;

/// <summary>
/// An index for <c>tensor[...]</c>: an int (select), a C# Range (slice), a Bool mask or an Int64 index tensor,
/// <see cref="Ellipsis"/>, <see cref="NewAxis"/>, or <see cref="Slice(int?, int?, int)"/> for a step.
/// </summary>
public readonly struct TensorIndex
{
    internal enum Kind { Select, Slice, Tensor, Ellipsis, NewAxis }

    internal Kind What { get; init; }
    internal Index Position { get; init; }
    internal int? Start { get; init; }
    internal int? Stop { get; init; }
    internal bool StartFromEnd { get; init; }
    internal bool StopFromEnd { get; init; }
    internal int Step { get; init; }
    internal Tensor? Tensor { get; init; }

    public static implicit operator TensorIndex(int i) => new() { What = Kind.Select, Position = i < 0 ? Index.FromEnd(-i) : Index.FromStart(i) };
    public static implicit operator TensorIndex(Index i) => new() { What = Kind.Select, Position = i };
    public static implicit operator TensorIndex(Range r) => new()
    {
        What = Kind.Slice, Step = 1,
        Start = r.Start.Value, StartFromEnd = r.Start.IsFromEnd,
        Stop = r.End.IsFromEnd && r.End.Value == 0 ? null : r.End.Value, StopFromEnd = r.End.IsFromEnd,
    };
    public static implicit operator TensorIndex(Tensor t) => new() { What = Kind.Tensor, Tensor = t };

    /// <summary>Python's <c>start:stop:step</c>; negative values count from the end, null means the edge.</summary>
    public static TensorIndex Slice(int? start = null, int? stop = null, int step = 1)
    {
        if (step <= 0) throw new ArgumentException("slice step must be positive");
        return new() { What = Kind.Slice, Step = step, Start = start is < 0 ? -start : start, StartFromEnd = start < 0, Stop = stop is < 0 ? -stop : stop, StopFromEnd = stop < 0 };
    }

    /// <summary>Python's <c>...</c>: as many full slices as needed.</summary>
    public static TensorIndex Ellipsis => new() { What = Kind.Ellipsis };

    /// <summary>Python's <c>None</c> in an index: inserts a size-1 dim.</summary>
    public static TensorIndex NewAxis => new() { What = Kind.NewAxis };

    /// <summary>The whole dim (Python's <c>:</c>).</summary>
    public static TensorIndex All => Slice();
}
