// Optimizer-step kernels: add_scaled_<dtype> is d += alpha · x (axpy), in place, for float32 and float64.
// The host passes alpha as double; the f32 kernel rounds it to float first, as the CPU reference does. The product is
// rounded before the add: clang's CUDA default (-ffp-contract=fast, deaf to the fp contract pragma and to the nvvm
// _rn builtins) would fuse them into an fma and differ from the CPU (and from d - x·lr) in the last bit, so the
// multiply is an explicit PTX mul.rn, which ptxas never contracts.
// Versions: v1 (this file) = one grid-stride loop over the host-coalesced geometry (operand 0 = x, 1 = d).
// Build: cuda-kernels/build.sh (clang-14 -x cuda --cuda-device-only -nocudainc -nocudalib, sm_80, PTX 7.0).
#include "prelude.h"

#ifdef FAKECUDA_HOST
DEV float mul_rn_f32(float a, float b) { return a * b; }
DEV double mul_rn_f64(double a, double b) { return a * b; }
#else
DEV float mul_rn_f32(float a, float b) { float r; asm("mul.rn.f32 %0, %1, %2;" : "=f"(r) : "f"(a), "f"(b)); return r; }
DEV double mul_rn_f64(double a, double b) { double r; asm("mul.rn.f64 %0, %1, %2;" : "=d"(r) : "d"(a), "d"(b)); return r; }
#endif

#define ADD_SCALED(T, suffix) \
    extern "C" __global__ void add_scaled_##suffix(Geo g, const T* x, T* d, double alpha) \
    { \
        T a = (T)alpha; \
        GRID_STRIDE(i, g.n) { i64 od = geo_off(g, 1, i); d[od] = d[od] + mul_rn_##suffix(x[geo_off(g, 0, i)], a); } \
    }

ADD_SCALED(float, f32)
ADD_SCALED(double, f64)
