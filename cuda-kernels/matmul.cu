// Batched matrix products d[b] = a[b] @ b[b] with any strides: transposed operands are strides, broadcast batches stride 0.
// Names: matmul_v1_<dtype> for f32 f64 i64 u8; matmul_v2_f32 (SGEMM) and matmul_v2_f64; matmul_v3_f32.
// Versions: v1 = one thread per output, a plain dot product (the reference on the device);
// v2 = 64x64 output tiles, 16-deep k slices staged in shared memory, 4x4 register blocking per thread (256 threads);
// v3 = the same scheme with 128x128 tiles, 8-deep slices and 8x8 outputs per thread: twice the math per shared load.
// Launch v2 with grid (ceil(n/64), ceil(m/64), batches), v3 with 128 in place of 64, both with block (16, 16);
// v1 with a 1-D grid-stride grid.
#include "prelude.h"

// Must match Mnist.Scripting.Cuda.MatMulGeometry.
struct MGeo
{
    int batch, m, n, k;
    int aBatch, aRow, aCol, aOff;
    int bBatch, bRow, bCol, bOff;
    int dBatch, dRow, dCol, dOff;
};

#define MATMUL_V1(T, suffix) \
    extern "C" __global__ void matmul_v1_##suffix(MGeo g, const T* a, const T* b, T* d) \
    { \
        i64 total = (i64)g.batch * g.m * g.n; \
        GRID_STRIDE(i, total) \
        { \
            int col = (int)(i % g.n); \
            i64 rest = i / g.n; \
            int row = (int)(rest % g.m); \
            i64 bt = rest / g.m; \
            const T* pa = a + g.aOff + bt * g.aBatch + (i64)row * g.aRow; \
            const T* pb = b + g.bOff + bt * g.bBatch + (i64)col * g.bCol; \
            T s = 0; \
            for (int p = 0; p < g.k; p++) s = (T)(s + pa[(i64)p * g.aCol] * pb[(i64)p * g.bRow]); \
            d[g.dOff + bt * g.dBatch + (i64)row * g.dRow + (i64)col * g.dCol] = s; \
        } \
    }

MATMUL_V1(float, f32)
MATMUL_V1(double, f64)
MATMUL_V1(i64, i64)
MATMUL_V1(u8, u8)

// Thread (tx, ty) owns rows ty + 16i and cols tx + 16j of the tile: reads of Bs are conflict-free and
// stores to d are coalesced along tx. blockIdx.z is the batch (the host launches at most 65535 per call).
// Each of the 256 threads loads BM*BK/256 elements of A and BK*BN/256 of B per slice (zero-padded at the edges).
template <typename T, int BM, int BN, int BK> DEV void gemm_tile(const MGeo& g, const T* a, const T* b, T* d, T (*As)[BM + 1], T (*Bs)[BN + 1])
{
    const int TM = BM / 16, TN = BN / 16;
    int tx = threadIdx.x, ty = threadIdx.y, t = ty * 16 + tx;
    int row0 = blockIdx.y * BM, col0 = blockIdx.x * BN;
    i64 bt = blockIdx.z;
    const T* pa = a + g.aOff + bt * g.aBatch;
    const T* pb = b + g.bOff + bt * g.bBatch;
    T acc[TM][TN];
    #pragma unroll
    for (int i = 0; i < TM; i++)
        #pragma unroll
        for (int j = 0; j < TN; j++) acc[i][j] = 0;
    for (int k0 = 0; k0 < g.k; k0 += BK)
    {
        #pragma unroll
        for (int q = 0; q < (BM * BK) / 256; q++)
        {
            int e = t + 256 * q, r = e / BK, c = e % BK;
            int gr = row0 + r, gc = k0 + c;
            As[c][r] = gr < g.m && gc < g.k ? pa[(i64)gr * g.aRow + (i64)gc * g.aCol] : (T)0;
        }
        #pragma unroll
        for (int q = 0; q < (BK * BN) / 256; q++)
        {
            int e = t + 256 * q, r = e / BN, c = e % BN;
            int gr = k0 + r, gc = col0 + c;
            Bs[r][c] = gr < g.k && gc < g.n ? pb[(i64)gr * g.bRow + (i64)gc * g.bCol] : (T)0;
        }
        __syncthreads();
        #pragma unroll
        for (int kk = 0; kk < BK; kk++)
        {
            T av[TM], bv[TN];
            #pragma unroll
            for (int i = 0; i < TM; i++) av[i] = As[kk][ty + 16 * i];
            #pragma unroll
            for (int j = 0; j < TN; j++) bv[j] = Bs[kk][tx + 16 * j];
            #pragma unroll
            for (int i = 0; i < TM; i++)
                #pragma unroll
                for (int j = 0; j < TN; j++) acc[i][j] += av[i] * bv[j];
        }
        __syncthreads();
    }
    T* pd = d + g.dOff + bt * g.dBatch;
    #pragma unroll
    for (int i = 0; i < TM; i++)
    {
        int r = row0 + ty + 16 * i;
        if (r >= g.m) continue;
        #pragma unroll
        for (int j = 0; j < TN; j++)
        {
            int c = col0 + tx + 16 * j;
            if (c < g.n) pd[(i64)r * g.dRow + (i64)c * g.dCol] = acc[i][j];
        }
    }
}

extern "C" __global__ void matmul_v2_f32(MGeo g, const float* a, const float* b, float* d)
{
    __shared__ float As[16][64 + 1];
    __shared__ float Bs[16][64 + 1];
    gemm_tile<float, 64, 64, 16>(g, a, b, d, As, Bs);
}

extern "C" __global__ void matmul_v2_f64(MGeo g, const double* a, const double* b, double* d)
{
    __shared__ double As[16][64 + 1];
    __shared__ double Bs[16][64 + 1];
    gemm_tile<double, 64, 64, 16>(g, a, b, d, As, Bs);
}

extern "C" __global__ void matmul_v3_f32(MGeo g, const float* a, const float* b, float* d)
{
    __shared__ float As[8][128 + 1];
    __shared__ float Bs[8][128 + 1];
    gemm_tile<float, 128, 128, 8>(g, a, b, d, As, Bs);
}
