// CUDA reductions: one block per output, chunked two-pass for long rows, or one thread per output for many short columns.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Cuda;

public sealed unsafe partial class CudaBackend
{
    public void Reduce(ReduceOp op, View x, int[] dims, View dst)
    {
        var g = ReduceGeometry.Of(x, op.IsArgReduce() ? [dims[0]] : dims, dst);
        if (g.OutN == 0) return;
        ulong px = Ptr(x), pd = Ptr(dst);
        string kernel = KernelNames.Reduce(op, x.DType);
        if (!op.IsArgReduce() && g.PrefersThreadPerOutput())
        {
            Cuda.Launch1D(KernelNames.ReduceCols(op, x.DType), g.OutN, [(nint)(&g), (nint)(&px), (nint)(&pd)]);
            return;
        }
        var (chunks, chunk) = op.IsArgReduce() ? (1, g.R) : LaunchMath.ReduceChunks(g.OutN, g.R);
        if (chunks == 1)
        {
            Cuda.Launch(kernel, (LaunchMath.Blocks1D((long)g.OutN, 1), 1, 1), (LaunchMath.Block, 1, 1), [(nint)(&g), (nint)(&px), (nint)(&pd)]);
            return;
        }
        // Pass 1: each (output, chunk) block writes a partial into a contiguous [outN, chunks] buffer.
        using var partial = (CudaStorage)Allocate(x.DType, g.OutN * chunks);
        g.Chunks = chunks;
        g.Chunk = chunk;
        ulong pp = partial.Ptr;
        Cuda.Launch(kernel, (LaunchMath.Blocks1D((long)g.OutN * chunks, 1), 1, 1), (LaunchMath.Block, 1, 1), [(nint)(&g), (nint)(&px), (nint)(&pp)]);
        // Pass 2: reduce the partials of each output; the output geometry is unchanged, only x's strides change.
        var g2 = g;
        g2.Chunks = 1;
        g2.Chunk = chunks;
        g2.RedRank = 1; g2.R = chunks; g2.RedShape[0] = chunks; g2.RedStride[0] = 1;
        g2.XOff = 0;
        int stride = chunks;
        for (int k = g.OutRank - 1; k >= 0; k--) { g2.OutStrideX[k] = stride; stride *= g.OutShape[k]; }
        Cuda.Launch(kernel, (LaunchMath.Blocks1D((long)g.OutN, 1), 1, 1), (LaunchMath.Block, 1, 1), [(nint)(&g2), (nint)(&pp), (nint)(&pd)]);
    }
}
