// Reductions: sum, max, min over any set of dims (reduce_<op>_<dtype>) and argmax/argmin over one dim (argreduce_<op>_<dtype>).
// The host moves kept dims to "out" and reduced dims to "red"; each block reduces whole outputs (or one chunk of one).
// Versions: v1 = one 256-thread block per output, shared-memory tree; v2 = the same kernel with chunks > 1 writes
// per-chunk partials that a second launch reduces (used when there are few outputs but long rows, e.g. a full sum);
// v3 = reduce_cols_<op>_<dtype>: one thread per output looping over the row, for many outputs whose x elements are
// adjacent (sum over dim 0 of [n, m]): neighbouring threads then read neighbouring addresses.
// Float32 sums accumulate in double; max/min propagate NaN; argmax/argmin pick the first extremum, NaN counting as max.
#include "prelude.h"

#define RBLOCK 256

// Must match Mnist.Scripting.Cuda.ReduceGeometry.
struct RGeo
{
    int outRank, outN;
    int outShape[MAXD], outStrideX[MAXD], outStrideD[MAXD];
    int redRank, r;
    int redShape[MAXD], redStride[MAXD];
    int xOff, dOff;
    int chunks, chunk;
};

DEV void out_offsets(const RGeo& g, int o, i64& xo, i64& dof)
{
    xo = g.xOff; dof = g.dOff;
    for (int k = g.outRank - 1; k >= 0; k--)
    {
        int c = o % g.outShape[k];
        o /= g.outShape[k];
        xo += (i64)c * g.outStrideX[k];
        dof += (i64)c * g.outStrideD[k];
    }
}

DEV i64 red_offset(const RGeo& g, int r)
{
    i64 off = 0;
    for (int k = g.redRank - 1; k >= 0; k--)
    {
        int c = r % g.redShape[k];
        r /= g.redShape[k];
        off += (i64)c * g.redStride[k];
    }
    return off;
}

template <typename A> DEV A pick_max(A a, A b) { return a != a ? a : b != b ? b : (b > a ? b : a); }
template <typename A> DEV A pick_min(A a, A b) { return a != a ? a : b != b ? b : (b < a ? b : a); }
template <typename A> DEV A add(A a, A b) { return a + b; }

// Generic body: A is the accumulator type, COMBINE one of add/pick_max/pick_min.
#define REDUCE(name, T, suffix, A, INIT, COMBINE) \
    extern "C" __global__ void reduce_##name##_##suffix(RGeo g, const T* x, T* d) \
    { \
        __shared__ A sm[RBLOCK]; \
        int tid = threadIdx.x; \
        for (int p = blockIdx.x; p < g.outN * g.chunks; p += gridDim.x) \
        { \
            int o = p / g.chunks, c = p % g.chunks; \
            i64 xo, dof; \
            out_offsets(g, o, xo, dof); \
            int start = c * g.chunk, end = start + g.chunk < g.r ? start + g.chunk : g.r; \
            A acc = INIT; \
            for (int r = start + tid; r < end; r += blockDim.x) acc = COMBINE<A>(acc, (A)x[xo + red_offset(g, r)]); \
            sm[tid] = acc; \
            __syncthreads(); \
            for (int s = blockDim.x / 2; s > 0; s >>= 1) \
            { \
                if (tid < s) sm[tid] = COMBINE<A>(sm[tid], sm[tid + s]); \
                __syncthreads(); \
            } \
            if (tid == 0) d[g.chunks > 1 ? p : dof] = (T)sm[0]; \
            __syncthreads(); \
        } \
    }

// v3: thread o reduces output o serially (loads coalesce across threads when the innermost kept dim has stride 1).
#define REDUCE_COLS(name, T, suffix, A, INIT, COMBINE) \
    extern "C" __global__ void reduce_cols_##name##_##suffix(RGeo g, const T* x, T* d) \
    { \
        GRID_STRIDE(o, g.outN) \
        { \
            i64 xo, dof; \
            out_offsets(g, (int)o, xo, dof); \
            A acc = INIT; \
            for (int r = 0; r < g.r; r++) acc = COMBINE<A>(acc, (A)x[xo + red_offset(g, r)]); \
            d[dof] = (T)acc; \
        } \
    }

// The (op, dtype) pairs, listed once for both versions: X(name, T, suffix, accumulator, identity, combine).
#define INF __builtin_inf()
#define REDUCE_CASES(X) \
    X(sum, float, f32, double, 0.0, add) \
    X(sum, double, f64, double, 0.0, add) \
    X(sum, i64, i64, i64, 0, add) \
    X(sum, u8, u8, i64, 0, add) \
    X(max, float, f32, float, -INF, pick_max) \
    X(max, double, f64, double, -INF, pick_max) \
    X(max, i64, i64, i64, (i64)0x8000000000000000LL, pick_max) \
    X(max, u8, u8, u8, 0, pick_max) \
    X(min, float, f32, float, INF, pick_min) \
    X(min, double, f64, double, INF, pick_min) \
    X(min, i64, i64, i64, 0x7fffffffffffffffLL, pick_min) \
    X(min, u8, u8, u8, 255, pick_min)

REDUCE_CASES(REDUCE)
REDUCE_CASES(REDUCE_COLS)

// True when (v2, i2) beats (v1, i1): NaN first, then the larger (smaller) value, ties to the lower index; i < 0 is empty.
template <typename T, bool MAX> DEV bool better(T v1, int i1, T v2, int i2)
{
    if (i2 < 0) return false;
    if (i1 < 0) return true;
    bool n1 = v1 != v1, n2 = v2 != v2;
    if (n1 || n2) return n1 && n2 ? i2 < i1 : n2;
    if (MAX ? v2 > v1 : v2 < v1) return true;
    return v2 == v1 && i2 < i1;
}

#define ARGREDUCE(name, T, suffix, MAX) \
    extern "C" __global__ void argreduce_##name##_##suffix(RGeo g, const T* x, i64* d) \
    { \
        __shared__ T sv[RBLOCK]; \
        __shared__ int si[RBLOCK]; \
        int tid = threadIdx.x; \
        for (int o = blockIdx.x; o < g.outN; o += gridDim.x) \
        { \
            i64 xo, dof; \
            out_offsets(g, o, xo, dof); \
            T bv = 0; \
            int bi = -1; \
            for (int r = tid; r < g.r; r += blockDim.x) \
            { \
                T v = x[xo + red_offset(g, r)]; \
                if (better<T, MAX>(bv, bi, v, r)) { bv = v; bi = r; } \
            } \
            sv[tid] = bv; si[tid] = bi; \
            __syncthreads(); \
            for (int s = blockDim.x / 2; s > 0; s >>= 1) \
            { \
                if (tid < s && better<T, MAX>(sv[tid], si[tid], sv[tid + s], si[tid + s])) { sv[tid] = sv[tid + s]; si[tid] = si[tid + s]; } \
                __syncthreads(); \
            } \
            if (tid == 0) d[dof] = si[0] < 0 ? 0 : si[0]; \
            __syncthreads(); \
        } \
    }

ARGREDUCE(max, float, f32, true)
ARGREDUCE(max, double, f64, true)
ARGREDUCE(max, i64, i64, true)
ARGREDUCE(max, u8, u8, true)
ARGREDUCE(min, float, f32, false)
ARGREDUCE(min, double, f64, false)
ARGREDUCE(min, i64, i64, false)
ARGREDUCE(min, u8, u8, false)
