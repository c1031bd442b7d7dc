// Elementwise kernels over strided operands (broadcast = stride 0): unary, binary, comparisons and where.
// Names: unary_<op>_<dtype>, binary_<op>_<dtype>, cmp_<op>_<dtype> (writes bool bytes), where_<dtype>;
// dtypes f32, f64, i64, u8 (bool shares u8). Float32 transcendentals are computed in double (devmath.h), then rounded.
// Versions: v1 (this file) = one grid-stride loop, offsets from the host-coalesced geometry (contiguous data is rank 1,
// so the index math is a multiply-add). A vectorized float4 v2 is left for when measurements say it pays.
// Build: cuda-kernels/build.sh (clang-14 -x cuda --cuda-device-only -nocudainc -nocudalib, sm_80, PTX 7.0).
#include "prelude.h"

// The kernels' bodies; the instantiations, one line per op and dtype, are generated from core/Backends/OpTable.cs
// into elementwise.inc (cuda-kernels/generate.csx): a new op is a row of that table, not an edit here.
#define UNARY(name, T, suffix, expr) \
    extern "C" __global__ void unary_##name##_##suffix(Geo g, const T* x, T* d) \
    { GRID_STRIDE(i, g.n) { T v = x[geo_off(g, 0, i)]; d[geo_off(g, 1, i)] = (expr); } }

#define BINARY(name, T, suffix, expr) \
    extern "C" __global__ void binary_##name##_##suffix(Geo g, const T* a, const T* b, T* d) \
    { GRID_STRIDE(i, g.n) { T x = a[geo_off(g, 0, i)], y = b[geo_off(g, 1, i)]; d[geo_off(g, 2, i)] = (expr); } }

#define CMP(name, T, suffix, op) \
    extern "C" __global__ void cmp_##name##_##suffix(Geo g, const T* a, const T* b, u8* d) \
    { GRID_STRIDE(i, g.n) { d[geo_off(g, 2, i)] = (u8)(a[geo_off(g, 0, i)] op b[geo_off(g, 1, i)]); } }

// Helpers the table's expressions call.
DEV float sqrt_f32(float v) { return __builtin_sqrtf(v); }
DEV double sqrt_f64(double v) { return __builtin_sqrt(v); }

// Integer powers by squaring; negative exponents write 0 (the CPU backend raises).
template <typename T> DEV T ipow(T a, T b)
{
    if (b < 0) return 0;
    T r = 1;
    while (b > 0) { if (b & 1) r = (T)(r * a); a = (T)(a * a); b >>= 1; }
    return r;
}

#include "elementwise.inc"

// ---- where ----
#define WHERE(T, suffix) \
    extern "C" __global__ void where_##suffix(Geo g, const u8* c, const T* a, const T* b, T* d) \
    { GRID_STRIDE(i, g.n) { d[geo_off(g, 3, i)] = c[geo_off(g, 0, i)] ? a[geo_off(g, 1, i)] : b[geo_off(g, 2, i)]; } }

WHERE(float, f32)
WHERE(double, f64)
WHERE(i64, i64)
WHERE(u8, u8)
