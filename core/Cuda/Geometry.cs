// Kernel parameter structs (byte-for-byte the structs in cuda-kernels/*.cu) and the host-side launch math.
using System.Runtime.InteropServices;
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Cuda;

/// <summary>Up to 4 strided operands over one shape (struct Geo in prelude.h, 184 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Geometry
{
    public const int MaxDims = 8;
    public int Rank, N;
    public fixed int Shape[MaxDims];
    public fixed int Strides[4 * MaxDims];
    public fixed int Offsets[4];

    /// <summary>The shape, one operand's strides, and the offsets, as arrays (for tests and error messages).</summary>
    public int[] ShapeArray() { var r = new int[Rank]; for (int d = 0; d < Rank; d++) r[d] = Shape[d]; return r; }
    public int[] StridesOf(int k) { var r = new int[Rank]; for (int d = 0; d < Rank; d++) r[d] = Strides[k * MaxDims + d]; return r; }
    public int OffsetOf(int k) => Offsets[k];

    /// <summary>Coalesced geometry of views sharing the first view's shape: contiguous data becomes rank 1.</summary>
    public static Geometry Of(params View[] ops) => Build(ops, coalesce: true);

    /// <summary>Geometry without merging dims (index kernels need the indexed dim to stay an axis).</summary>
    public static Geometry Uncoalesced(int[] shape, params (int[] Strides, int Offset)[] ops)
    {
        var views = ops.Select(o => new View(null!, shape, o.Strides, o.Offset)).ToArray();
        return Build(views, coalesce: false);
    }

    static Geometry Build(View[] ops, bool coalesce)
    {
        var shape = ops[0].Shape;
        var strides = ops.Select(o => o.Strides).ToArray();
        if (coalesce) (shape, strides) = Layout.Coalesce(shape, strides);
        if (shape.Length == 0) { shape = [1]; strides = strides.Select(_ => new[] { 0 }).ToArray(); }
        if (shape.Length > MaxDims)
            throw new NotSupportedException($"cuda: views of rank {shape.Length} after merging contiguous dims are not supported (at most {MaxDims}); call .Contiguous() first");
        var g = new Geometry { Rank = shape.Length, N = checked((int)Shapes.NumelOf(shape)) };
        for (int d = 0; d < shape.Length; d++)
        {
            g.Shape[d] = shape[d];
            for (int k = 0; k < ops.Length; k++) g.Strides[k * MaxDims + d] = strides[k][d];
        }
        for (int k = 0; k < ops.Length; k++) g.Offsets[k] = ops[k].Offset;
        return g;
    }
}

/// <summary>struct RGeo in reduce.cu: kept dims ("out") and reduced dims ("red"), with optional chunking.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ReduceGeometry
{
    public int OutRank, OutN;
    public fixed int OutShape[8];
    public fixed int OutStrideX[8];
    public fixed int OutStrideD[8];
    public int RedRank, R;
    public fixed int RedShape[8];
    public fixed int RedStride[8];
    public int XOff, DOff;
    public int Chunks, Chunk;

    /// <summary>Kept dims as (shape, x stride, dst stride) and reduced dims as (shape, x stride), for tests.</summary>
    public (int Shape, int StrideX, int StrideD)[] Kept() { var r = new (int, int, int)[OutRank]; for (int d = 0; d < OutRank; d++) r[d] = (OutShape[d], OutStrideX[d], OutStrideD[d]); return r; }
    public (int Shape, int Stride)[] Reduced() { var r = new (int, int)[RedRank]; for (int d = 0; d < RedRank; d++) r[d] = (RedShape[d], RedStride[d]); return r; }

    /// <summary>Splits x's dims into kept and reduced ones (size-1 dims dropped); dst has x's shape with reduced dims 1.</summary>
    public static ReduceGeometry Of(View x, int[] dims, View dst)
    {
        var g = new ReduceGeometry { XOff = x.Offset, DOff = dst.Offset, OutN = 1, R = 1, Chunks = 1 };
        for (int d = 0; d < x.Rank; d++)
        {
            if (x.Shape[d] == 1) continue;
            if (dims.Contains(d))
            {
                if (g.RedRank == 8) throw new NotSupportedException("cuda reduce: more than 8 reduced dims");
                g.RedShape[g.RedRank] = x.Shape[d]; g.RedStride[g.RedRank++] = x.Strides[d]; g.R *= x.Shape[d];
            }
            else
            {
                if (g.OutRank == 8) throw new NotSupportedException("cuda reduce: more than 8 kept dims");
                g.OutShape[g.OutRank] = x.Shape[d]; g.OutStrideX[g.OutRank] = x.Strides[d]; g.OutStrideD[g.OutRank++] = dst.Strides[d];
                g.OutN *= x.Shape[d];
            }
        }
        g.Chunk = Math.Max(g.R, 1);
        g.Merge();
        return g;
    }

    /// <summary>Merges neighbouring entries laid out back to back (fewer divisions per element in the kernels).</summary>
    void Merge()
    {
        int k = 0;
        for (int d = 0; d < RedRank; d++)
        {
            if (k > 0 && RedStride[k - 1] == RedStride[d] * RedShape[d]) { RedShape[k - 1] *= RedShape[d]; RedStride[k - 1] = RedStride[d]; continue; }
            RedShape[k] = RedShape[d]; RedStride[k++] = RedStride[d];
        }
        RedRank = k;
        k = 0;
        for (int d = 0; d < OutRank; d++)
        {
            if (k > 0 && OutStrideX[k - 1] == OutStrideX[d] * OutShape[d] && OutStrideD[k - 1] == OutStrideD[d] * OutShape[d])
            {
                OutShape[k - 1] *= OutShape[d]; OutStrideX[k - 1] = OutStrideX[d]; OutStrideD[k - 1] = OutStrideD[d];
                continue;
            }
            OutShape[k] = OutShape[d]; OutStrideX[k] = OutStrideX[d]; OutStrideD[k++] = OutStrideD[d];
        }
        OutRank = k;
    }

    /// <summary>
    /// True when v3 (a thread per output) should run: enough outputs to fill the GPU, and x's innermost kept dim
    /// contiguous while the reduced dims are not, so a block-per-output would read scattered addresses.
    /// </summary>
    public readonly bool PrefersThreadPerOutput(int minOutputs = 1024) =>
        OutN >= minOutputs && OutRank > 0 && OutStrideX[OutRank - 1] == 1 && (RedRank == 0 || RedStride[RedRank - 1] != 1);
}

/// <summary>struct MGeo in matmul.cu: batch, sizes and the strides of a [B,M,K], b [B,K,N], d [B,M,N].</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MatMulGeometry
{
    public int Batch, M, N, K;
    public int ABatch, ARow, ACol, AOff;
    public int BBatch, BRow, BCol, BOff;
    public int DBatch, DRow, DCol, DOff;

    public static MatMulGeometry Of(View a, View b, View d) => new()
    {
        Batch = a.Shape[0], M = a.Shape[1], K = a.Shape[2], N = b.Shape[2],
        ABatch = a.Strides[0], ARow = a.Strides[1], ACol = a.Strides[2], AOff = a.Offset,
        BBatch = b.Strides[0], BRow = b.Strides[1], BCol = b.Strides[2], BOff = b.Offset,
        DBatch = d.Strides[0], DRow = d.Strides[1], DCol = d.Strides[2], DOff = d.Offset,
    };
}

/// <summary>struct IGeo in index.cu: where the indexed dim is and how to read the index vector.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IndexGeometry
{
    public int Inner, DimLen, DimStride, IdxStride, IdxOff;
}

/// <summary>struct Win in conv.cu: a k×k window with stride S and padding P over [N, C, H, W], Ho × Wo positions.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct WindowGeometry
{
    public int N, C, H, W, K, S, P, Ho, Wo;
}

/// <summary>Grid and block sizes. Pure arithmetic, tested without a GPU.</summary>
internal static class LaunchMath
{
    public const int Block = 256;
    /// <summary>Grid-stride kernels need no more blocks than this to fill any current GPU.</summary>
    public const int MaxBlocks = 65535;
    public const int GemmTile = 64;
    /// <summary>gridDim.z limit: batched GEMMs launch in slices of at most this many matrices.</summary>
    public const int MaxGridZ = 65535;

    /// <summary>Blocks for a 1-D grid-stride loop over n elements (0 when there is nothing to do).</summary>
    public static uint Blocks1D(long n, int block = Block, int maxBlocks = MaxBlocks) =>
        n <= 0 ? 0u : (uint)Math.Min((n + block - 1) / block, maxBlocks);

    /// <summary>Tiles covering n outputs with tiles of size tile.</summary>
    public static uint Tiles(int n, int tile = GemmTile) => (uint)((n + tile - 1) / tile);

    /// <summary>Chunks for a reduction with few outputs and long rows, so enough blocks run: (chunks, chunk length).</summary>
    public static (int Chunks, int Chunk) ReduceChunks(int outputs, int rowLength, int minChunk = 8 * Block, int targetBlocks = 1024)
    {
        if (outputs >= targetBlocks || rowLength <= 2 * minChunk) return (1, Math.Max(rowLength, 1));
        int chunks = Math.Min((targetBlocks + outputs - 1) / outputs, (rowLength + minChunk - 1) / minChunk);
        int chunk = (rowLength + chunks - 1) / chunks;
        return ((rowLength + chunk - 1) / chunk, chunk);
    }
}
