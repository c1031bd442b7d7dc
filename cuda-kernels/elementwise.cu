// Elementwise kernels over strided operands (broadcast = stride 0): unary, binary, comparisons and where.
// Names: unary_<op>_<dtype>, binary_<op>_<dtype>, cmp_<op>_<dtype> (writes bool bytes), where_<dtype>;
// dtypes f32, f64, i64, u8 (bool shares u8). Float32 transcendentals are computed in double (devmath.h), then rounded.
// Versions: v1 (this file) = one grid-stride loop, offsets from the host-coalesced geometry (contiguous data is rank 1,
// so the index math is a multiply-add). A vectorized float4 v2 is left for when measurements say it pays.
// Build: cuda-kernels/build.sh (clang-14 -x cuda --cuda-device-only -nocudainc -nocudalib, sm_80, PTX 7.0).
#include "prelude.h"

// ---- unary ----
#define UNARY(name, T, suffix, expr) \
    extern "C" __global__ void unary_##name##_##suffix(Geo g, const T* x, T* d) \
    { GRID_STRIDE(i, g.n) { T v = x[geo_off(g, 0, i)]; d[geo_off(g, 1, i)] = (expr); } }

#define UNARY_FLOAT(T, suffix) \
    UNARY(neg, T, suffix, -v) \
    UNARY(abs, T, suffix, (T)__builtin_fabs((double)v)) \
    UNARY(sqrt, T, suffix, sqrt_##suffix(v)) \
    UNARY(exp, T, suffix, (T)exp_d((double)v)) \
    UNARY(log, T, suffix, (T)log_d((double)v)) \
    UNARY(sigmoid, T, suffix, (T)sigmoid_d((double)v)) \
    UNARY(tanh, T, suffix, (T)tanh_d((double)v)) \
    UNARY(relu, T, suffix, v != v ? v : (v > 0 ? v : (T)0)) \
    UNARY(sign, T, suffix, v != v ? v : (v > 0 ? (T)1 : v < 0 ? (T)-1 : (T)0))

// Float-only ops (OpTraits.IsFloatOnly in core/Backends/IBackend.cs: sqrt, exp, log, sigmoid, tanh) get f32/f64
// kernels only, the others every dtype; tests/Cuda/KernelCatalogTests fails when these lists and the trait disagree.
DEV float sqrt_f32(float v) { return __builtin_sqrtf(v); }
DEV double sqrt_f64(double v) { return __builtin_sqrt(v); }

UNARY_FLOAT(float, f32)
UNARY_FLOAT(double, f64)
UNARY(neg, i64, i64, -v)
UNARY(abs, i64, i64, v < 0 ? -v : v)
UNARY(relu, i64, i64, v > 0 ? v : 0)
UNARY(sign, i64, i64, (i64)(v > 0) - (i64)(v < 0))
UNARY(neg, u8, u8, (u8)(-v))
UNARY(abs, u8, u8, v)
UNARY(relu, u8, u8, v)
UNARY(sign, u8, u8, (u8)(v > 0))

// ---- binary ----
#define BINARY(name, T, suffix, expr) \
    extern "C" __global__ void binary_##name##_##suffix(Geo g, const T* a, const T* b, T* d) \
    { GRID_STRIDE(i, g.n) { T x = a[geo_off(g, 0, i)], y = b[geo_off(g, 1, i)]; d[geo_off(g, 2, i)] = (expr); } }

// NaN propagates through maximum/minimum, as torch.maximum does.
#define BINARY_COMMON(T, suffix) \
    BINARY(add, T, suffix, (T)(x + y)) \
    BINARY(sub, T, suffix, (T)(x - y)) \
    BINARY(mul, T, suffix, (T)(x * y)) \
    BINARY(maximum, T, suffix, x != x ? x : y != y ? y : (x > y ? x : y)) \
    BINARY(minimum, T, suffix, x != x ? x : y != y ? y : (x < y ? x : y))

BINARY_COMMON(float, f32)
BINARY_COMMON(double, f64)
BINARY_COMMON(i64, i64)
BINARY_COMMON(u8, u8)
BINARY(div, float, f32, x / y)
BINARY(div, double, f64, x / y)
// Integer division by zero cannot raise on the device: it writes 0 (the CPU backend raises).
BINARY(div, i64, i64, y == 0 ? 0 : x / y)
BINARY(div, u8, u8, y == 0 ? 0 : (u8)(x / y))
BINARY(pow, float, f32, (float)pow_d((double)x, (double)y))
BINARY(pow, double, f64, pow_d(x, y))

// Integer powers by squaring; negative exponents write 0 (the CPU backend raises).
template <typename T> DEV T ipow(T a, T b)
{
    if (b < 0) return 0;
    T r = 1;
    while (b > 0) { if (b & 1) r = (T)(r * a); a = (T)(a * a); b >>= 1; }
    return r;
}
BINARY(pow, i64, i64, ipow<i64>(x, y))
BINARY(pow, u8, u8, ipow<u8>(x, y))

// ---- comparisons (bool output) ----
#define CMP(name, T, suffix, op) \
    extern "C" __global__ void cmp_##name##_##suffix(Geo g, const T* a, const T* b, u8* d) \
    { GRID_STRIDE(i, g.n) { d[geo_off(g, 2, i)] = (u8)(a[geo_off(g, 0, i)] op b[geo_off(g, 1, i)]); } }

#define CMP_ALL(T, suffix) \
    CMP(lt, T, suffix, <) CMP(le, T, suffix, <=) CMP(gt, T, suffix, >) \
    CMP(ge, T, suffix, >=) CMP(eq, T, suffix, ==) CMP(ne, T, suffix, !=)

CMP_ALL(float, f32)
CMP_ALL(double, f64)
CMP_ALL(i64, i64)
CMP_ALL(u8, u8)

// ---- where ----
#define WHERE(T, suffix) \
    extern "C" __global__ void where_##suffix(Geo g, const u8* c, const T* a, const T* b, T* d) \
    { GRID_STRIDE(i, g.n) { d[geo_off(g, 3, i)] = c[geo_off(g, 0, i)] ? a[geo_off(g, 1, i)] : b[geo_off(g, 2, i)]; } }

WHERE(float, f32)
WHERE(double, f64)
WHERE(i64, i64)
WHERE(u8, u8)
