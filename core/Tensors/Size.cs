// torch.Size: an immutable shape that prints as PyTorch does (the internal shape helpers are in Shapes.cs).
namespace Mnist.Scripting;

/// <summary>A tensor's shape (torch.Size). Prints as <c>torch.Size([6131, 28, 28])</c>, from F#'s %A too.</summary>
[Microsoft.FSharp.Core.StructuredFormatDisplay("{PrintText}")]
public sealed class Size : IEquatable<Size>, IReadOnlyList<int>
{
    readonly int[] dims;

    public Size(params int[] dims) => this.dims = (int[])dims.Clone();

    internal int[] Dims => dims;
    public int Count => dims.Length;
    public int this[int i] => dims[i < 0 ? i + dims.Length : i];
    public long Numel { get { long n = 1; foreach (var d in dims) n *= d; return n; } }
    public int[] ToArray() => (int[])dims.Clone();

    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)dims).GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(Size? other) => other is not null && dims.AsSpan().SequenceEqual(other.dims);
    public override bool Equals(object? obj) => obj is Size s && Equals(s);
    public override int GetHashCode() { var h = new HashCode(); foreach (var d in dims) h.Add(d); return h.ToHashCode(); }
    public static bool operator ==(Size? a, Size? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(Size? a, Size? b) => !(a == b);

    public override string ToString() => $"torch.Size([{string.Join(", ", dims)}])";
    /// <summary>What F#'s %A prints (the attribute names a property): the same text as ToString.</summary>
    string PrintText => ToString();
}
