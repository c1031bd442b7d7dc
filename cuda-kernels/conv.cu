// Sliding windows over [N, C, H, W] (square k×k, stride s, zero padding p), matching the CPU reference
// (core/Backends/Cpu/CpuBackend.Conv.cs): unfold_<t> (im2col into [C·k·k, N·Ho·Wo]), fold_<t> (col2im, its adjoint)
// and max_pool2d_<t> (values and the argmax within each H·W plane: the first of tied maxima, a NaN wins, as PyTorch),
// with max_pool2d_backward_<t> beside it (each pixel sums the gradients of the windows whose argmax it is).
// Float32 and float64 only.
// Versions: v1 = grid-stride loop, one thread per output element; fold gathers (no atomics), summing a pixel's terms
// in (i, j) order as the CPU does, so the two agree to rounding of identical sums.
#include "prelude.h"

// Must match Mnist.Scripting.Cuda.WindowGeometry.
struct Win
{
    int n, c, h, w, k, s, p, ho, wo;
};

#define WINDOWS(T, suffix) \
    extern "C" __global__ void unfold_##suffix(Win g, const T* x, T* cols) \
    { \
        i64 L = (i64)g.n * g.ho * g.wo; \
        GRID_STRIDE(e, (i64)g.c * g.k * g.k * L) \
        { \
            i64 col = e % L; \
            int row = (int)(e / L); \
            int ox = (int)(col % g.wo), oy = (int)((col / g.wo) % g.ho), b = (int)(col / ((i64)g.wo * g.ho)); \
            int j = row % g.k, i = (row / g.k) % g.k, ch = row / (g.k * g.k); \
            int y = oy * g.s + i - g.p, xx = ox * g.s + j - g.p; \
            cols[e] = y >= 0 && y < g.h && xx >= 0 && xx < g.w ? x[(((i64)b * g.c + ch) * g.h + y) * g.w + xx] : (T)0; \
        } \
    } \
    extern "C" __global__ void fold_##suffix(Win g, const T* cols, T* dst) \
    { \
        i64 L = (i64)g.n * g.ho * g.wo; \
        GRID_STRIDE(e, (i64)g.n * g.c * g.h * g.w) \
        { \
            int xx = (int)(e % g.w), y = (int)((e / g.w) % g.h), ch = (int)((e / ((i64)g.w * g.h)) % g.c); \
            int b = (int)(e / ((i64)g.w * g.h * g.c)); \
            T acc = (T)0; \
            for (int i = 0; i < g.k; i++) \
            { \
                int ty = y + g.p - i; \
                if (ty < 0 || ty % g.s != 0 || ty / g.s >= g.ho) continue; \
                for (int j = 0; j < g.k; j++) \
                { \
                    int tx = xx + g.p - j; \
                    if (tx < 0 || tx % g.s != 0 || tx / g.s >= g.wo) continue; \
                    acc += cols[((i64)(ch * g.k + i) * g.k + j) * L + ((i64)b * g.ho + ty / g.s) * g.wo + tx / g.s]; \
                } \
            } \
            dst[e] = acc; \
        } \
    } \
    extern "C" __global__ void max_pool2d_##suffix(Win g, const T* x, T* values, i64* indices) \
    { \
        GRID_STRIDE(e, (i64)g.n * g.c * g.ho * g.wo) \
        { \
            int ox = (int)(e % g.wo), oy = (int)((e / g.wo) % g.ho); \
            const T* plane = x + (e / ((i64)g.wo * g.ho)) * g.h * g.w; \
            int at = oy * g.s * g.w + ox * g.s; \
            T best = plane[at]; \
            for (int i = 0; i < g.k; i++) \
                for (int j = 0; j < g.k; j++) \
                { \
                    int q = (oy * g.s + i) * g.w + ox * g.s + j; \
                    T v = plane[q]; \
                    if (v > best || v != v) { best = v; at = q; } /* PyTorch's rule, as the CPU */ \
                } \
            values[e] = best; \
            indices[e] = at; \
        } \
    } \
    /* One thread per input pixel gathers from the windows that contain it (no atomics), in (oy, ox) order: the order \
       in which the CPU's scatter adds them. */ \
    extern "C" __global__ void max_pool2d_backward_##suffix(Win g, const T* grad, const i64* indices, T* dst) \
    { \
        GRID_STRIDE(e, (i64)g.n * g.c * g.h * g.w) \
        { \
            int q = (int)(e % ((i64)g.h * g.w)), y = q / g.w, xx = q % g.w; \
            i64 plane = (e / ((i64)g.h * g.w)) * g.ho * g.wo; \
            int oy0 = y < g.k ? 0 : (y - g.k) / g.s + 1, oy1 = y / g.s < g.ho ? y / g.s : g.ho - 1; \
            int ox0 = xx < g.k ? 0 : (xx - g.k) / g.s + 1, ox1 = xx / g.s < g.wo ? xx / g.s : g.wo - 1; \
            T acc = (T)0; \
            for (int oy = oy0; oy <= oy1; oy++) \
                for (int ox = ox0; ox <= ox1; ox++) \
                { \
                    i64 o = plane + (i64)oy * g.wo + ox; \
                    if (indices[o] == q) acc += grad[o]; \
                } \
            dst[e] = acc; \
        } \
    }

WINDOWS(float, f32)
WINDOWS(double, f64)
