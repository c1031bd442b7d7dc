// Prelude: lets the kernels compile with clang-14 alone (no CUDA toolkit): qualifiers, thread indices, strided geometry,
// and accurate libdevice-free exp/log/expm1 (computed in double; float32 results are then correctly rounded to ~1 ulp).
#pragma once
#ifdef FAKECUDA_HOST
// Host build for the CPU emulator of the driver (tests/Cuda/FakeDriver): it supplies indices, barriers and atomics.
#include "fakecuda_host.h"
#else
#include <__clang_cuda_builtin_vars.h>

#define __global__ __attribute__((global))
#define __device__ __attribute__((device))
#define __shared__ __attribute__((shared))
#define DEV static __device__ __attribute__((always_inline)) inline
#define DEVSPEC __device__ __attribute__((always_inline)) inline
#endif

typedef signed char i8;
typedef unsigned char u8;
typedef long long i64;
typedef unsigned long long u64;

// Must match Mnist.Scripting.Cuda.Geometry: up to 4 strided operands over one (coalesced) shape of rank <= 8.
#define MAXD 8
struct Geo
{
    int rank;
    int n;
    int shape[MAXD];
    int stride[4][MAXD];
    int offset[4];
};

// Offset of operand k for linear element i (row-major over shape).
DEV i64 geo_off(const Geo& g, int k, i64 i)
{
    i64 off = g.offset[k];
    for (int d = g.rank - 1; d > 0; d--)
    {
        i64 c = i % g.shape[d];
        i /= g.shape[d];
        off += c * g.stride[k][d];
    }
    return off + i * g.stride[k][0];
}

#define GRID_STRIDE(i, n) for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (i64)blockDim.x * gridDim.x)

#include "devmath.h"
