// CUDA batched matmul: v3 128x128 tiles for float32 of 2048 and more, v2 64x64 tiles for other floats, v1 a thread per output otherwise.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Cuda;

public sealed unsafe partial class CudaBackend
{
    public void MatMul(View a, View b, View dst)
    {
        var g = MatMulGeometry.Of(a, b, dst);
        if (g.Batch == 0 || g.M == 0 || g.N == 0) return;
        ulong pa = Ptr(a), pb = Ptr(b), pd = Ptr(dst);
        // Measured on an H200 (cuda-kernels/README.md): v2 is faster up to 1024 (18.7 vs 12.7 TFLOP/s), v3 from 2048 on
        // (30.3 vs 21.8), so v3 takes the large products only.
        int version = MatMulVersion != 0 ? MatMulVersion : g.M >= 2048 && g.N >= 2048 ? 3 : 2;
        if (version == 3 && !KernelNames.HasMatMulV3(a.DType)) version = 2;
        if (version == 1 || !KernelNames.HasTiledMatMul(a.DType))
        {
            Cuda.Launch1D(KernelNames.MatMul(a.DType, 1), (long)g.Batch * g.M * g.N, [(nint)(&g), (nint)(&pa), (nint)(&pb), (nint)(&pd)]);
            return;
        }
        string kernel = KernelNames.MatMul(a.DType, version);
        int tile = version == 3 ? 128 : LaunchMath.GemmTile;
        for (int b0 = 0; b0 < g.Batch; b0 += LaunchMath.MaxGridZ)
        {
            // Slices of at most 65535 batches (gridDim.z); the slice's start moves into the offsets.
            var s = g;
            s.Batch = Math.Min(LaunchMath.MaxGridZ, g.Batch - b0);
            s.AOff = g.AOff + b0 * g.ABatch; s.BOff = g.BOff + b0 * g.BBatch; s.DOff = g.DOff + b0 * g.DBatch;
            Cuda.Launch(kernel, (LaunchMath.Tiles(g.N, tile), LaunchMath.Tiles(g.M, tile), (uint)s.Batch), (16, 16, 1), [(nint)(&s), (nint)(&pa), (nint)(&pb), (nint)(&pd)]);
        }
    }
}
