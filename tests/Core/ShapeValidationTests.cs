// Bad sizes and ranges at creation: negative dims, element counts past 2^31-1 (or past 2^64), non-finite or
// inconsistent ranges, narrow past the end. Each is a clear error naming the op; none is a silent shape or a bare
// OverflowException/OutOfMemoryException.
namespace Mnist.Scripting.Tests.Core;

[Parallelizable]
public class ShapeValidationTests
{
    public record Bad(string Name, Action Make, Type Kind, string Says)
    {
        public override string ToString() => Name;
    }

    static IEnumerable<Bad> Corpus()
    {
        int[][] negative = [[-2, -3], [-1], [3, -1], [0, -5], [-2147483648], [2, 3, -4]];
        foreach (var s in negative)
        {
            var show = $"[{string.Join(", ", s)}]";
            yield return new($"zeros{show}", () => Tensor.Zeros(s), typeof(ShapeException), $"zeros: Trying to create tensor with negative dimension");
            yield return new($"ones{show}", () => Tensor.Ones(s), typeof(ShapeException), "ones: Trying to create tensor with negative dimension");
            yield return new($"full{show}", () => Tensor.Full(s, 1.5), typeof(ShapeException), "full: Trying to create tensor with negative dimension");
            yield return new($"rand{show}", () => Tensor.Rand(s), typeof(ShapeException), "rand: Trying to create tensor with negative dimension");
            yield return new($"randn{show}", () => Tensor.Randn(s), typeof(ShapeException), "randn: Trying to create tensor with negative dimension");
            yield return new($"randint{show}", () => Tensor.RandInt(0, 5, s), typeof(ShapeException), "randint: Trying to create tensor with negative dimension");
        }
        yield return new("from_array[-1,-3]", () => Tensor.FromArray(new float[3], -1, -3), typeof(ShapeException), "negative dimension -1");
        int[][] huge = [[65536, 65536, 65536, 65536], [65536, 65536], [1 << 30, 4], [int.MaxValue, 2], [0, 1 << 20, 1 << 20], [46341, 46341],
                        [int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue]];
        foreach (var s in huge)
        {
            var show = $"[{string.Join(", ", s)}]";
            yield return new($"zeros{show}", () => Tensor.Zeros(s), typeof(ShapeException), $"zeros: a tensor of shape {show} would have");
            yield return new($"randn{show}", () => Tensor.Randn(s), typeof(ShapeException), $"randn: a tensor of shape {show} would have");
            yield return new($"expand{show}", () => Tensor.Ones(1).Expand(s).Contiguous(), typeof(ShapeException), "would have");
        }
        yield return new("zeros 2^64 elements", () => Tensor.Zeros(65536, 65536, 65536, 65536), typeof(ShapeException), "would have 18446744073709551616 elements");
        yield return new("expand(-2)", () => Tensor.Ones(1).Expand(-2), typeof(ShapeException), "expanded size of the tensor (-2)");
        yield return new("expand(-1, 3) leading", () => Tensor.Ones(3).Expand(-1, 3), typeof(ShapeException), "leading, non-existing dimension");
        yield return new("randperm(-1)", () => Tensor.RandPerm(-1), typeof(ArgumentException), "randperm: n must be non-negative");
        double[] notFinite = [double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        foreach (var v in notFinite)
        {
            yield return new($"arange(0, {v})", () => Tensor.Arange(0.0, v), typeof(ArgumentException), "arange: unsupported range");
            yield return new($"arange({v}, 1)", () => Tensor.Arange(v, 1.0), typeof(ArgumentException), "arange: unsupported range");
            yield return new($"arange(0, 1, {v})", () => Tensor.Arange(0.0, 1.0, v), typeof(ArgumentException), "arange: unsupported step");
        }
        yield return new("arange(0, 1e10)", () => Tensor.Arange(0.0, 1e10), typeof(ArgumentException), "more than 2147483647");
        yield return new("arange(0L, long.MaxValue)", () => Tensor.Arange(0L, long.MaxValue), typeof(ArgumentException), "more than 2147483647");
        yield return new("arange(long.MinValue, long.MaxValue)", () => Tensor.Arange(long.MinValue, long.MaxValue), typeof(ArgumentException), "more than 2147483647");
        yield return new("arange(0, 1, 1e-12)", () => Tensor.Arange(0.0, 1.0, 1e-12), typeof(ArgumentException), "more than 2147483647");
        yield return new("arange(0, 10, -1)", () => Tensor.Arange(0, 10, -1), typeof(ArgumentException), "inconsistent with step sign");
        yield return new("arange(10.0, 0.0)", () => Tensor.Arange(10.0, 0.0), typeof(ArgumentException), "inconsistent with step sign");
        yield return new("arange(0, 5, 0)", () => Tensor.Arange(0, 5, 0), typeof(ArgumentException), "step must be nonzero");
        var t = Tensor.Arange(0, 4);
        yield return new("narrow(0, 2, 5)", () => t.Narrow(0, 2, 5), typeof(IndexOutOfRangeException), "start (2) + length (5) exceeds dimension size (4)");
        yield return new("narrow(0, 5, 0)", () => t.Narrow(0, 5, 0), typeof(IndexOutOfRangeException), "start out of range (expected to be in range of [-4, 4], but got 5)");
        yield return new("narrow(0, -5, 1)", () => t.Narrow(0, -5, 1), typeof(IndexOutOfRangeException), "start out of range");
        yield return new("narrow(0, 1, -1)", () => t.Narrow(0, 1, -1), typeof(ArgumentException), "length must be non-negative");
        yield return new("narrow(0, 1, int.MaxValue)", () => t.Narrow(0, 1, int.MaxValue), typeof(IndexOutOfRangeException), "exceeds dimension size (4)");
        yield return new("narrow(1, 0, 1)", () => t.Narrow(1, 0, 1), typeof(IndexOutOfRangeException), "Dimension out of range");
        yield return new("view(-2, 2)", () => t.View(-2, 2), typeof(ShapeException), "invalid shape dimension -2");
        yield return new("reshape(-1, -1)", () => t.Reshape(-1, -1), typeof(ShapeException), "only one dimension can be inferred");
        yield return new("linspace(0, 1, -1)", () => Tensor.Linspace(0, 1, -1), typeof(ArgumentException), "linspace");
    }

    [TestCaseSource(nameof(Corpus))]
    public void IsAClearError(Bad bad)
    {
        var e = Assert.Catch(() => bad.Make())!;
        Assert.That(e, Is.InstanceOf(bad.Kind), e.ToString());
        Assert.That(e, Is.Not.TypeOf<OverflowException>().And.Not.TypeOf<OutOfMemoryException>().And.Not.TypeOf<NullReferenceException>());
        Assert.That(e.Message, Does.Contain(bad.Says));
    }

    [Test]
    public void TwinsInRangeStillWork()
    {
        Assert.That(Tensor.Zeros(0, 3).Shape.ToString(), Is.EqualTo("torch.Size([0, 3])"));
        Assert.That(Tensor.Arange(0, 4).Narrow(0, 2, 2).ToArray<long>(), Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(Tensor.Arange(0, 4).Narrow(0, -2, 2).ToArray<long>(), Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(Tensor.Arange(0, 4).Narrow(0, 4, 0).Numel, Is.EqualTo(0));
        Assert.That(Tensor.Arange(10, 0, -3).ToArray<long>(), Is.EqualTo(new long[] { 10, 7, 4, 1 }));
        Assert.That(Tensor.Arange(0.0, 2.0, 0.5).ToArray<float>(), Is.EqualTo(new[] { 0f, 0.5f, 1f, 1.5f }));
        Assert.That(Tensor.Arange(5, 5).Numel, Is.EqualTo(0));
        Assert.That(Tensor.Ones(3, 1).Expand(-1, 4).Shape.ToString(), Is.EqualTo("torch.Size([3, 4])"));
        Assert.That(Tensor.Arange(long.MaxValue - 2, long.MaxValue).ToArray<long>(), Is.EqualTo(new[] { long.MaxValue - 2, long.MaxValue - 1 }));
    }
}
