// Gather and scatter-add along one dim: index_select_<dtype> (dst = src.index_select(dim, idx)) and
// index_add_<dtype> (dst.index_add_(dim, idx, src), atomics so repeated indices accumulate).
// Geometry is not coalesced (dim must stay its own axis); operand strides along dim are 0 and the host passes the
// real stride as dimStride, so offset = geo_off + idx[c] * dimStride where c is the coordinate along dim.
// Versions: v1 = grid-stride loop, one element per thread; u8 adds go through a 32-bit compare-and-swap.
#include "prelude.h"

// Must match Mnist.Scripting.Cuda.IndexGeometry.
struct IGeo
{
    int inner, dimLen, dimStride, idxStride, idxOff;
};

DEV i64 pick(const IGeo& ig, const i64* idx, i64 i)
{
    int c = (int)((i / ig.inner) % ig.dimLen);
    return idx[ig.idxOff + (i64)c * ig.idxStride] * ig.dimStride;
}

#define INDEX_SELECT(T, suffix) \
    extern "C" __global__ void index_select_##suffix(Geo g, IGeo ig, const T* src, const i64* idx, T* dst) \
    { GRID_STRIDE(i, g.n) { dst[geo_off(g, 1, i)] = src[geo_off(g, 0, i) + pick(ig, idx, i)]; } }

INDEX_SELECT(float, f32)
INDEX_SELECT(double, f64)
INDEX_SELECT(i64, i64)
INDEX_SELECT(u8, u8)

DEV void atomic_add(float* p, float v) { __nvvm_atom_add_gen_f(p, v); }
DEV void atomic_add(double* p, double v) { __nvvm_atom_add_gen_d(p, v); }
DEV void atomic_add(i64* p, i64 v) { __nvvm_atom_add_gen_ll((long long*)p, (long long)v); }
DEV void atomic_add(u8* p, u8 v)
{
    // Add into one byte of the aligned 32-bit word holding it (little-endian), retrying until no one raced us.
    u64 addr = (u64)p;
    int* word = (int*)(addr & ~3ULL);
    int shift = (int)(addr & 3) * 8;
    int old = *word, assumed;
    do
    {
        assumed = old;
        unsigned int b = ((unsigned int)assumed >> shift) & 0xff;
        unsigned int nb = (b + v) & 0xff;
        int next = (int)(((unsigned int)assumed & ~(0xffu << shift)) | (nb << shift));
        old = __nvvm_atom_cas_gen_i(word, assumed, next);
    } while (old != assumed);
}

#define INDEX_ADD(T, suffix) \
    extern "C" __global__ void index_add_##suffix(Geo g, IGeo ig, const T* src, const i64* idx, T* dst) \
    { GRID_STRIDE(i, g.n) { atomic_add(dst + geo_off(g, 1, i) + pick(ig, idx, i), src[geo_off(g, 0, i)]); } }

INDEX_ADD(float, f32)
INDEX_ADD(double, f64)
INDEX_ADD(i64, i64)
INDEX_ADD(u8, u8)
