// Shape arithmetic the ops share: contiguous strides, element counts, broadcasting and dim wrapping, with PyTorch's errors.
namespace Mnist.Scripting;

/// <summary>Helpers over int[] shapes (the public shape type is <see cref="Size"/>).</summary>
internal static class Shapes
{
    /// <summary>Shape as a short list, e.g. "[6131, 28, 28]", for error messages.</summary>
    public static string Show(int[] shape) => "[" + string.Join(", ", shape) + "]";

    public static int[] ContiguousStrides(int[] shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int d = shape.Length - 1; d >= 0; d--) { strides[d] = s; s *= Math.Max(shape[d], 1); }
        return strides;
    }

    /// <summary>
    /// The element count of a shape about to be created, with PyTorch's error for a negative dim and a clear one when
    /// the count (or a stride) would pass 2^31-1; <paramref name="op"/> names the caller in the message.
    /// </summary>
    public static int NumelOf(int[] shape, string op = "tensor")
    {
        foreach (var d in shape)
            if (d < 0) throw new ShapeException($"{op}: Trying to create tensor with negative dimension {d}: {Show(shape)}");
        long n = 1, span = 1;
        foreach (var d in shape)
        {
            n *= d;
            span *= Math.Max(d, 1);
            // Strides are ints too, so a zero-sized shape whose other dims multiply past the limit is refused as well.
            if (span > int.MaxValue)
            {
                var count = shape.Aggregate(System.Numerics.BigInteger.One, (a, b) => a * b);
                throw new ShapeException($"{op}: a tensor of shape {Show(shape)} would have {count} elements; at most {int.MaxValue} (2^31-1) fit in one tensor here");
            }
        }
        return (int)n;
    }

    /// <summary>PyTorch's broadcasting rule, with its error message.</summary>
    public static int[] Broadcast(int[] a, int[] b)
    {
        int n = Math.Max(a.Length, b.Length);
        var r = new int[n];
        for (int i = 0; i < n; i++)
        {
            int da = i < n - a.Length ? 1 : a[i - (n - a.Length)];
            int db = i < n - b.Length ? 1 : b[i - (n - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ShapeException($"The size of tensor a ({da}) must match the size of tensor b ({db}) at non-singleton dimension {i}");
            r[i] = da == 1 ? db : da;
        }
        return r;
    }

    /// <summary>Wraps a possibly negative dim into [0, rank), with PyTorch's message when out of range.</summary>
    public static int WrapDim(int dim, int rank)
    {
        int r = Math.Max(rank, 1);
        if (dim < -r || dim >= r)
            throw new IndexOutOfRangeException($"Dimension out of range (expected to be in range of [{-r}, {r - 1}], but got {dim})");
        return dim < 0 ? dim + r : dim;
    }
}

/// <summary>A shape error in PyTorch's words (RuntimeError in PyTorch).</summary>
public sealed class ShapeException(string message) : Exception(message);
