// Single-precision GEMM on AVX-512 for the thin products of the chapter's models (a convolution's [16, 72]·[72, 12544], a
// 30-unit layer's [256, 784]·[784, 30]ᵀ and their gradients), where OpenBLAS's packing costs more than it saves and its
// kernels are the AVX2 ones the environment's core type chooses. Two register-blocked kernels, no packing:
// - Broadcast form, B not transposed: C[i, j..j+64] += A(i, p) · B[p, j..j+64] for 6 (or 4) rows i at a time.
// - Dot form, A not transposed and B transposed: C[i, j] = A[i, :] · B[j, :] for 4×6 (or 4×4) (i, j) at a time, the shared k
//   split into chunks that stay in cache; each chunk's 16-lane partial sums are added to C in the same order whatever
//   the thread count.
// Sgemm512.Broadcast.cs and Sgemm512.Dot.cs hold the two forms; this file routes to them. A·Bᵀ with a B wide enough goes
// to the broadcast form through a transposed copy of B (Sgemm512.Transpose.cs).
// Every loop that touches vectors is compiled fully optimized at once (AggressiveOptimization): at tier 0 each
// Vector512 operation is a call, and a 16-column tail took 80 us of a 110 us product until tier 1 arrived.
using System.Runtime.Intrinsics;

namespace Mnist.Scripting.Backends.Cpu;

internal static unsafe partial class Sgemm512
{
    /// <summary>Whether this CPU runs 512-bit vectors natively (otherwise <see cref="Gemm"/> never comes here).</summary>
    internal static readonly bool Accelerated = Vector512.IsHardwareAccelerated;

    /// <summary>
    /// Whether the product C[m, n] = op(A)·op(B) is one of the thin shapes these kernels run faster than OpenBLAS (measured
    /// in bench/NOTES.md): broadcast form when A (at most 256K elements) stays in cache, dot form with at most 128 columns.
    /// </summary>
    internal static bool Takes(bool transA, bool transB, int m, int n, int k)
    {
        if (m < 2 || n < 2) return false;                                                 // vectors go to gemv
        if (!transB) return n >= 64 && (n % 16 == 0 || n >= 512) && (long)m * k <= 1 << 18; // A within L2, few tail columns
        return !transA && n <= 128 && k >= 64 && (k % 16 == 0 || k >= 512);              // B within L2, few tail k
    }

    /// <summary>C[m, n] = op(A)[m, k] · op(B)[k, n], row-major from the given offsets, C overwritten, on up to <paramref name="threads"/> threads.</summary>
    internal static void Run(bool transA, bool transB, int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int threads)
    {
        if (m < 0 || n < 0 || k < 0 || (ulong)aOff + (ulong)((long)m * k) > (ulong)a.Length ||
            (ulong)bOff + (ulong)((long)k * n) > (ulong)b.Length || (ulong)cOff + (ulong)((long)m * n) > (ulong)c.Length)
            throw new InvalidOperationException($"gemm: operands of {a.Length}, {b.Length} and {c.Length} elements cannot hold a [{m}, {k}]·[{k}, {n}] product from offsets {aOff}, {bOff}, {cOff} (internal error)");
        if (m == 0 || n == 0) return;
        fixed (float* pa = a, pb = b, pc = c) Run(transA, transB, m, n, k, pa + aOff, pb + bOff, pc + cOff, threads);
    }

    static void Run(bool transA, bool transB, int m, int n, int k, float* a, float* b, float* c, int threads)
    {
        if (!transB) Broadcast(transA, m, n, k, a, b, c, threads);
        else if (!transA && TransposesB(m, n)) BroadcastTransposed(m, n, k, a, b, c, threads);
        else if (!transA) Dot(m, n, k, a, b, c, threads);
        else throw new InvalidOperationException("gemm: the AVX-512 kernels take no product with both operands transposed (internal error)");
    }

    // How many threads a product is split over: one below about a million multiply-adds or with a single block of work.
    static int Parts(int threads, int blocks, long work) => work < 1 << 20 ? 1 : Math.Max(1, Math.Min(threads, blocks));
}
