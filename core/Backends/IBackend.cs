// The primitive set every backend implements; everything else (losses, softmax, accuracy...) is composed from it. The
// elementwise ids and their facts are in OpTable.cs; the traits here ask that table.
namespace Mnist.Scripting.Backends;

/// <summary>Facts about the primitives that several layers need (op layer, CPU dispatch, CUDA kernel names), asked of <see cref="OpTable"/>.</summary>
public static class OpTraits
{
    /// <summary>
    /// Math defined on floats only: the op layer promotes integer inputs to float32 (torch.exp(tensor([1])) is float),
    /// and backends have float32/float64 kernels only. cuda-kernels/elementwise.cu must instantiate exactly these
    /// (tests/Cuda/KernelCatalogTests checks it).
    /// </summary>
    public static bool IsFloatOnly(this UnaryOp op) => OpTable.Of(op).FloatOnly;

    /// <summary>Comparisons write Bool (0/1 bytes) whatever the input dtype; CUDA names them cmp_*.</summary>
    public static bool IsComparison(this BinaryOp op) => op >= BinaryOp.Lt;

    /// <summary>ArgMax/ArgMin: one dim, an Int64 index out, computed on the input dtype (no accumulator type).</summary>
    public static bool IsArgReduce(this ReduceOp op) => op is ReduceOp.ArgMax or ReduceOp.ArgMin;

    /// <summary>Throws when a float-only op gets an integer or bool input: the op layer should have cast it.</summary>
    internal static void CheckInput(this UnaryOp op, DType input)
    {
        if (op.IsFloatOnly() && !input.IsFloatingPoint())
            throw new NotSupportedException($"{op} needs a floating-point input, got {input.TorchName()}");
    }
}

/// <summary>Reductions over a set of dims; ArgMax/ArgMin (<see cref="OpTraits.IsArgReduce"/>) take one dim and write Int64.</summary>
public enum ReduceOp { Sum, Max, Min, ArgMax, ArgMin }

/// <summary>
/// The small set of primitives a device must provide. Shapes are already checked and broadcast by the
/// op layer; a primitive only computes. <c>dst</c> views are freshly allocated and contiguous unless
/// the method says otherwise.
/// </summary>
public interface IBackend
{
    Device Device { get; }

    /// <summary>Allocates <paramref name="length"/> elements (contents unspecified).</summary>
    Storage Allocate(DType dtype, int length);

    /// <summary>Copies a host array (float[], double[], long[], byte[] for Bool/UInt8) into new storage.</summary>
    Storage FromHost(Array data, DType dtype);

    /// <summary>Copies a view into a new contiguous host array of its dtype's element type.</summary>
    Array ToHost(View src);

    /// <summary>dst[i] = (dst.DType) src[i] for every index; dst may be any strided view (in-place writes).</summary>
    void Copy(View src, View dst);

    /// <summary>dst[i] = value for every index; dst may be any strided view.</summary>
    void Fill(View dst, double value);

    /// <summary>dst = op(x); x and dst share dtype.</summary>
    void Unary(UnaryOp op, View x, View dst);

    /// <summary>dst = op(a, b); a and b share a dtype; dst has it too, or Bool for comparisons. dst may be strided (in-place ops pass a == dst).</summary>
    void Binary(BinaryOp op, View a, View b, View dst);

    /// <summary>dst = cond ? a : b; cond is Bool.</summary>
    void Where(View cond, View a, View b, View dst);

    /// <summary>Reduces x over <paramref name="dims"/> into dst, whose shape is x's with those dims set to 1.</summary>
    void Reduce(ReduceOp op, View x, int[] dims, View dst);

    /// <summary>Batched matrix product: a [B,M,K] @ b [B,K,N] into dst [B,M,N] (batch strides may be 0).</summary>
    void MatMul(View a, View b, View dst);

    /// <summary>dst = src.index_select(dim, index): index is a contiguous Int64 vector, already bounds-checked.</summary>
    void IndexSelect(View src, int dim, View index, View dst);

    /// <summary>dst.index_add_(dim, index, src): accumulates src slices into dst rows named by index (in place).</summary>
    void IndexAdd(View dst, int dim, View index, View src);

    /// <summary>
    /// im2col: x [N, C, H, W] (contiguous, float) into dst [C·k·k, N·Ho·Wo], dst[(c·k + i)·k + j, (n·Ho + oy)·Wo + ox] =
    /// x[n, c, oy·s + i − p, ox·s + j − p], 0 in the padding. Rows follow Weight viewed as [O, C·k·k].
    /// </summary>
    void Unfold(View x, Window2d w, View dst);

    /// <summary>col2im, the adjoint of <see cref="Unfold"/>: dst [N, C, H, W] (overwritten) is the sum of the cols entries [C·k·k, N·Ho·Wo] that read each pixel.</summary>
    void Fold(View cols, Window2d w, View dst);

    /// <summary>Max over windows (Padding 0) of x [N, C, H, W] into values [N, C, Ho, Wo] and Int64 indices into each H·W plane (PyTorch's rule: the first of tied maxima, a NaN always wins, the last NaN of a window).</summary>
    void MaxPool2d(View x, Window2d w, View values, View indices);

    /// <summary>
    /// MaxPool2d's backward: dst [N, C, H, W] (overwritten) gets, at each pixel, the sum of grad [N, C, Ho, Wo] over the
    /// windows whose index (from <see cref="MaxPool2d"/>) names it, added in (oy, ox) order. All contiguous.
    /// </summary>
    void MaxPool2dBackward(View grad, View indices, Window2d w, View dst);

    /// <summary>
    /// dst = x &gt; threshold ? grad : 0 (torch's threshold_backward, ReLU's gradient): 0 at the threshold and where x is
    /// NaN. Float32/float64; grad, x and dst share dtype and shape (grad and x may be strided or broadcast).
    /// </summary>
    void ThresholdBackward(View grad, View x, double threshold, View dst);

    /// <summary>
    /// dst += alpha · src (BLAS axpy, torch's add_(src, alpha=...)), in place: float32/float64, src and dst share shape
    /// and dtype (no broadcasting), dst may be strided. alpha is rounded to the dtype first and the product is rounded
    /// before the add (no fused multiply-add), so the result equals <c>dst - src * (-alpha)</c> bit for bit.
    /// </summary>
    void AddScaled(View dst, View src, double alpha);

    /// <summary>
    /// Requires lo &lt;= every value &lt; hi, given an integer tensor's smallest and largest values as 0-dim views
    /// (<paramref name="min"/>, <paramref name="max"/>); <paramref name="refusal"/> turns the first value outside into
    /// the error. In host memory the answer is at hand, so it throws here. A device may instead keep the check and
    /// throw at its next copy to the host or synchronize, as PyTorch's device-side asserts surface: waiting for the
    /// answer inside an op would cost a sync per training step. Either way a bad value is an error, never a result.
    /// </summary>
    void RequireInRange(View min, View max, long lo, long hi, Func<long, string> refusal)
    {
        long first = ((long[])ToHost(min))[0], last = ((long[])ToHost(max))[0];
        if (first < lo) throw new IndexOutOfRangeException(refusal(first));
        if (last >= hi) throw new IndexOutOfRangeException(refusal(last));
    }
}

/// <summary>A square k×k window sliding over [N, C, H, W] with a stride and zero padding; Ho × Wo window positions.</summary>
public readonly record struct Window2d(int N, int C, int H, int W, int K, int Stride, int Padding)
{
    public int Ho => (H + 2 * Padding - K) / Stride + 1;
    public int Wo => (W + 2 * Padding - K) / Stride + 1;
}
