// Launch geometry, allocator buckets and the strided geometry the host hands to kernels: pure arithmetic, no GPU.
using Mnist.Scripting.Backends;
using Mnist.Scripting.Cuda;

namespace Mnist.Scripting.Tests.Cuda;

[Parallelizable]
public class LaunchMathTests
{
    [TestCase(0, 0u)]
    [TestCase(1, 1u)]
    [TestCase(256, 1u)]
    [TestCase(257, 2u)]
    [TestCase(1025, 5u)]
    [TestCase(1L << 40, (uint)LaunchMath.MaxBlocks)]
    public void Blocks1DCoversEveryElementOnce(long n, uint blocks) => Assert.That(LaunchMath.Blocks1D(n), Is.EqualTo(blocks));

    [TestCase(1, 1u)]
    [TestCase(64, 1u)]
    [TestCase(65, 2u)]
    [TestCase(129, 3u)]
    public void GemmTiles(int n, uint tiles) => Assert.That(LaunchMath.Tiles(n), Is.EqualTo(tiles));

    [TestCase(1, 1 << 20)]
    [TestCase(1, 31775)]
    [TestCase(3, 5000)]
    [TestCase(31, 1025)]
    [TestCase(5000, 100000)]
    [TestCase(1, 0)]
    public void ReduceChunksPartitionTheRow(int outputs, int row)
    {
        var (chunks, chunk) = LaunchMath.ReduceChunks(outputs, row);
        Assert.That(chunks, Is.GreaterThanOrEqualTo(1));
        Assert.That((long)chunks * chunk, Is.GreaterThanOrEqualTo(row), "chunks cover the row");
        Assert.That((long)(chunks - 1) * chunk, Is.LessThan(Math.Max(row, 1)), "no empty chunk");
        if (outputs == 1 && row == 1 << 20) Assert.That(chunks, Is.GreaterThan(100), "a full sum of 1M elements uses many blocks");
    }

    [TestCase(1, 512)]
    [TestCase(513, 1024)]
    [TestCase(1 << 20, 1 << 20)]
    [TestCase((1 << 20) + 1, 2 << 20)]
    [TestCase(5 << 20, 6 << 20)]
    public void AllocatorBuckets(long bytes, long bucket) => Assert.That(CudaAllocator.Bucket(bytes), Is.EqualTo(bucket));

    static View V(int[] shape, int[] strides, int offset = 0) => new(null!, shape, strides, offset);

    [Test]
    public void ContiguousOperandsCoalesceToOneDim()
    {
        var g = Geometry.Of(V([2, 3, 4], [12, 4, 1]), V([2, 3, 4], [12, 4, 1], 5));
        Assert.That((g.Rank, g.N, g.OffsetOf(1)), Is.EqualTo((1, 24, 5)));
        Assert.That(g.ShapeArray(), Is.EqualTo(new[] { 24 }));
        Assert.That(g.StridesOf(0), Is.EqualTo(new[] { 1 }));
        Assert.That(g.StridesOf(1), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void TransposedAndBroadcastOperandsKeepTheirDims()
    {
        var g = Geometry.Of(V([3, 4], [1, 3]), V([3, 4], [0, 1]), V([3, 4], [4, 1]));
        Assert.That(g.ShapeArray(), Is.EqualTo(new[] { 3, 4 }));
        Assert.That(new[] { g.StridesOf(0), g.StridesOf(1), g.StridesOf(2) }, Is.EqualTo(new[] { new[] { 1, 3 }, new[] { 0, 1 }, new[] { 4, 1 } }));
    }

    [Test]
    public void ZeroDimTensorsBecomeOneElement()
    {
        var g = Geometry.Of(V([], []), V([], []));
        Assert.That((g.Rank, g.N), Is.EqualTo((1, 1)));
        Assert.That(g.ShapeArray(), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void RankAboveEightIsAClearError()
    {
        var shape = Enumerable.Repeat(2, 9).ToArray();
        // Strides 3^(8-i) leave gaps between every pair of dims, so none can merge.
        var strides = shape.Select((_, i) => (int)Math.Pow(3, 8 - i)).ToArray();
        var e = Assert.Throws<NotSupportedException>(() => Geometry.Of(V(shape, strides)));
        Assert.That(e!.Message, Does.Contain("Contiguous"));
    }

    [Test]
    public void ReduceGeometrySplitsKeptAndReducedDims()
    {
        // x [5, 1, 7, 3] summed over dims 0 and 2 into dst [1, 1, 1, 3].
        var g = ReduceGeometry.Of(V([5, 1, 7, 3], [21, 21, 3, 1], 2), [0, 2], V([1, 1, 1, 3], [3, 3, 3, 1]));
        Assert.That((g.OutN, g.R, g.XOff), Is.EqualTo((3, 35, 2)));
        Assert.That(g.Kept(), Is.EqualTo(new[] { (3, 1, 1) }));
        Assert.That(g.Reduced(), Is.EqualTo(new[] { (35, 3) }), "dims 0 and 2 lie back to back once dim 1 (size 1) is dropped");
        Assert.That(g.PrefersThreadPerOutput(minOutputs: 3), Is.True, "kept dim contiguous, reduced dims strided");
    }

    [Test]
    public void ReduceGeometryKeepsNonMergeableDimsApart()
    {
        // x [4, 6] transposed to [6, 4] (strides [1, 6]) summed over dim 1: rows are strided, outputs contiguous.
        var g = ReduceGeometry.Of(V([6, 4], [1, 6]), [1], V([6, 1], [1, 1]));
        Assert.That(g.Kept(), Is.EqualTo(new[] { (6, 1, 1) }));
        Assert.That(g.Reduced(), Is.EqualTo(new[] { (4, 6) }));
        var rows = ReduceGeometry.Of(V([6, 4], [4, 1]), [1], V([6, 1], [1, 1]));
        Assert.That(rows.PrefersThreadPerOutput(minOutputs: 1), Is.False, "contiguous rows: a block per output reads them coalesced");
    }
}
