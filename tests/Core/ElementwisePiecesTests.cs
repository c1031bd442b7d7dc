// Elementwise kernels get long rows in pieces of StridedLoop.RowPiece elements (so TensorPrimitives keeps results in
// cache): every element past a piece boundary is computed once and right, for one long row, for long strided rows, in
// place, with a broadcast operand, on 1 and 2 threads.
using Mnist.Scripting.Backends;
using Mnist.Scripting.Backends.Cpu;

namespace Mnist.Scripting.Tests.Core;

[NonParallelizable]
public class ElementwisePiecesTests
{
    const int Piece = StridedLoop.RowPiece;

    static float[] Iota(int n) => Enumerable.Range(0, n).Select(i => (float)(i % 1000) - 500f).ToArray();

    [TestCase(1)]
    [TestCase(2)]
    public void LongRowsAreComputedOnceEachAcrossPieceBoundaries(int threads)
    {
        int before = Backend.NumThreads;
        Backend.SetNumThreads(threads);
        try
        {
            // One contiguous row of 8.5 pieces (above the parallel threshold too).
            int n = 8 * Piece + Piece / 2 + 3;
            var v = Iota(n);
            var x = Tensor.FromArray(v);
            Assert.That((x * 2.0 + 1.0).ToArray<float>(), Is.EqualTo(v.Select(e => e * 2 + 1).ToArray()));
            Assert.That(x.Abs().ToArray<float>(), Is.EqualTo(v.Select(MathF.Abs).ToArray()));

            // In place: applied exactly once per element (a piece run twice would scale some elements by 9).
            var y = Tensor.FromArray((float[])v.Clone());
            y.Mul_(3.0);
            Assert.That(y.ToArray<float>(), Is.EqualTo(v.Select(e => e * 3).ToArray()));

            // Rows longer than a piece that are not one flat row: [3, 2.5 pieces] plus a [3, 1] column, and a strided view.
            int w = 2 * Piece + Piece / 2;
            var m = Tensor.FromArray(Iota(3 * w), [3, w]);
            var col = Tensor.FromArray(new float[] { 10, 20, 30 }, [3, 1]);
            var sum = (m + col).ToArray<float>();
            var mv = Iota(3 * w);
            for (int r = 0; r < 3; r++)
                for (int j = 0; j < w; j++)
                    if (sum[r * w + j] != mv[r * w + j] + 10 * (r + 1)) Assert.Fail($"row {r}, column {j}: {sum[r * w + j]}");
            var narrowed = m[.., ..(2 * Piece + 2)].Neg().ToArray<float>();
            Assert.That(narrowed.Length, Is.EqualTo(3 * (2 * Piece + 2)));
            for (int r = 0; r < 3; r++)
                for (int j = 0; j < 2 * Piece + 2; j++)
                    if (narrowed[r * (2 * Piece + 2) + j] != -mv[r * w + j]) Assert.Fail($"narrowed row {r}, column {j}");
        }
        finally { Backend.SetNumThreads(before); }
    }
}
