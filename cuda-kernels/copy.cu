// Strided copy with dtype conversion (also .Contiguous(), .To(dtype), in-place assignment) and fill.
// Names: copy_<src>_<dst> for src, dst in f32 f64 i64 u8 plus dst b8 (bool: x != 0); fill_<dtype>.
// Float→integer conversions truncate toward zero and saturate, NaN → 0, as .NET's CreateTruncating does.
// Versions: v1 = grid-stride strided loop (contiguous data is coalesced to rank 1 on the host).
#include "prelude.h"

template <typename D, typename S> DEV D conv(S x) { return (D)x; }
template <> DEVSPEC u8 conv<u8, float>(float x) { return x != x ? 0 : x <= 0 ? 0 : x >= 255 ? 255 : (u8)x; }
template <> DEVSPEC u8 conv<u8, double>(double x) { return x != x ? 0 : x <= 0 ? 0 : x >= 255 ? 255 : (u8)x; }
template <> DEVSPEC i64 conv<i64, float>(float x) { return x != x ? 0 : x <= -9.2233720368547758e18f ? (i64)0x8000000000000000LL : x >= 9.2233720368547758e18f ? 0x7fffffffffffffffLL : (i64)x; }
template <> DEVSPEC i64 conv<i64, double>(double x) { return x != x ? 0 : x <= -9.2233720368547758e18 ? (i64)0x8000000000000000LL : x >= 9.2233720368547758e18 ? 0x7fffffffffffffffLL : (i64)x; }

#define COPY(S, ss, D, ds) \
    extern "C" __global__ void copy_##ss##_##ds(Geo g, const S* x, D* d) \
    { GRID_STRIDE(i, g.n) { d[geo_off(g, 1, i)] = conv<D, S>(x[geo_off(g, 0, i)]); } }

#define COPY_TO_BOOL(S, ss) \
    extern "C" __global__ void copy_##ss##_b8(Geo g, const S* x, u8* d) \
    { GRID_STRIDE(i, g.n) { d[geo_off(g, 1, i)] = (u8)(x[geo_off(g, 0, i)] != 0); } }

#define COPY_FROM(S, ss) \
    COPY(S, ss, float, f32) COPY(S, ss, double, f64) COPY(S, ss, i64, i64) COPY(S, ss, u8, u8) COPY_TO_BOOL(S, ss)

COPY_FROM(float, f32)
COPY_FROM(double, f64)
COPY_FROM(i64, i64)
COPY_FROM(u8, u8)

// The host converts the value (bool → 0/1, integers truncated) and passes it as double; i64 also gets its exact bits.
#define FILL(T, suffix) \
    extern "C" __global__ void fill_##suffix(Geo g, T* d, double value, i64 exact) \
    { T v = sizeof(T) == 8 && (T)1 / 2 == 0 ? (T)exact : (T)value; GRID_STRIDE(i, g.n) { d[geo_off(g, 0, i)] = v; } }

FILL(float, f32)
FILL(double, f64)
FILL(i64, i64)
FILL(u8, u8)
