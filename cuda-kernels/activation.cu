// Activation gradients, matching the CPU reference (core/Backends/Cpu/CpuBackend.Activation.cs):
// threshold_backward_<t>: d = x > t ? g : 0 (ReLU's backward in one pass; a NaN x compares false and gets 0).
// Float32 and float64 only; the threshold arrives as a double and is rounded to T as the CPU does.
// Versions: v1 = grid-stride loop over the host-coalesced geometry (operands: 0 dst, 1 grad, 2 x).
#include "prelude.h"

#define THRESHOLD_BACKWARD(T, suffix) \
    extern "C" __global__ void threshold_backward_##suffix(Geo g, const T* gr, const T* x, double threshold, T* d) \
    { \
        T t = (T)threshold; \
        GRID_STRIDE(i, g.n) { T v = x[geo_off(g, 2, i)]; d[geo_off(g, 0, i)] = v > t ? gr[geo_off(g, 1, i)] : (T)0; } \
    }

THRESHOLD_BACKWARD(float, f32)
THRESHOLD_BACKWARD(double, f64)
