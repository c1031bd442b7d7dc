// What the kernels need when compiled for the host by the CPU emulator: CUDA qualifiers as plain C++, per-thread
// indices set by the emulator, __syncthreads as a fiber switch, and atomics (safe: all fibers share one OS thread).
#pragma once
struct fake_dim3 { unsigned x, y, z; };
extern fake_dim3 threadIdx, blockIdx, blockDim, gridDim;
void __syncthreads();

#define __global__
#define __device__
#define __shared__ static
#define DEV static inline
#define DEVSPEC inline

static inline float __nvvm_atom_add_gen_f(float* p, float v) { float o = *p; *p = o + v; return o; }
static inline double __nvvm_atom_add_gen_d(double* p, double v) { double o = *p; *p = o + v; return o; }
static inline long long __nvvm_atom_add_gen_ll(long long* p, long long v) { long long o = *p; *p = o + v; return o; }
static inline int __nvvm_atom_cas_gen_i(int* p, int cmp, int v) { int o = *p; if (o == cmp) *p = v; return o; }
