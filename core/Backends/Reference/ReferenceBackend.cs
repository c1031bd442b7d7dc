// The reference backend: every primitive as a plain loop over strided indices, float64 accumulation, no SIMD, no BLAS.
// It defines what the primitives mean; the fast CPU backend (each GEMM route) and the CUDA backend are checked against
// it through the op registry (tests/Core/ReferenceBackendTests). Elementwise math comes from OpTable's rows.
using Mnist.Scripting.Backends.Cpu;

namespace Mnist.Scripting.Backends.Reference;

/// <summary>Host arrays the reference backend owns: a CpuStorage (so either CPU backend reads it) whose ops run here.</summary>
internal sealed class ReferenceStorage(Array data, DType dtype) : CpuStorage(data, dtype)
{
    public override IBackend Backend => ReferenceBackend.Instance;
}

/// <summary>The primitives in their plainest form, on the CPU device. Slow by design; for tests and definitions.</summary>
internal sealed partial class ReferenceBackend : IBackend
{
    public static readonly ReferenceBackend Instance = new();

    public Device Device => Device.Cpu;

    public Storage Allocate(DType dtype, int length) => new ReferenceStorage(HostArrays.NewArray(dtype, length), dtype);

    public Storage FromHost(Array data, DType dtype) => new ReferenceStorage((Array)data.Clone(), dtype);

    public Array ToHost(View src)
    {
        var dst = new View(Allocate(src.DType, (int)src.Numel), src.Shape, Contiguous(src.Shape), 0);
        Copy(src, dst);
        return Data(dst);
    }

    public void Copy(View src, View dst)
    {
        bool exact = !src.DType.IsFloatingPoint() && !dst.DType.IsFloatingPoint();
        var s = Data(src);
        var d = Data(dst);
        foreach (var (i, j) in Pairs(src, dst))
            if (exact) SetLong(d, j, GetLong(s, i), dst.DType); else Set(d, j, Get(s, i), dst.DType);
    }

    public void Fill(View dst, double value)
    {
        var d = Data(dst);
        foreach (var j in Offsets(dst)) Set(d, j, value, dst.DType);
    }

    public void Unary(UnaryOp op, View x, View dst)
    {
        op.CheckInput(x.DType);
        var f = OpTable.Of(op).Reference;
        var xs = Data(x);
        var d = Data(dst);
        bool integer = !x.DType.IsFloatingPoint();
        foreach (var (i, j) in Pairs(x, dst))
            if (integer) SetLong(d, j, (long)f(GetLong(xs, i)), dst.DType); else Set(d, j, f(Get(xs, i)), dst.DType);
    }

    public void Binary(BinaryOp op, View a, View b, View dst)
    {
        var row = OpTable.Of(op);
        var (xa, xb, d) = (Data(a), Data(b), Data(dst));
        bool integer = !a.DType.IsFloatingPoint();
        var ia = Offsets(a).ToArray();
        var ib = Offsets(b).ToArray();
        var id = Offsets(dst).ToArray();
        for (int k = 0; k < id.Length; k++)
        {
            if (!integer) Set(d, id[k], row.Reference(Get(xa, ia[k]), Get(xb, ib[k])), dst.DType);
            else if (row.IntegerReference is { } ir) SetLong(d, id[k], ir(GetLong(xa, ia[k]), GetLong(xb, ib[k])), dst.DType);
            else SetLong(d, id[k], (long)row.Reference(GetLong(xa, ia[k]), GetLong(xb, ib[k])), dst.DType);
        }
    }

    public void Where(View cond, View a, View b, View dst)
    {
        var (c, xa, xb, d) = (Data(cond), Data(a), Data(b), Data(dst));
        var ic = Offsets(cond).ToArray();
        var ia = Offsets(a).ToArray();
        var ib = Offsets(b).ToArray();
        var id = Offsets(dst).ToArray();
        bool exact = !dst.DType.IsFloatingPoint();
        for (int k = 0; k < id.Length; k++)
        {
            bool pick = GetLong(c, ic[k]) != 0;
            if (exact) SetLong(d, id[k], GetLong(pick ? xa : xb, pick ? ia[k] : ib[k]), dst.DType);
            else Set(d, id[k], Get(pick ? xa : xb, pick ? ia[k] : ib[k]), dst.DType);
        }
    }

    public void AddScaled(View dst, View src, double alpha)
    {
        // The contract's own arithmetic: alpha rounded to the dtype, the product rounded before the add.
        var (d, s) = (Data(dst), Data(src));
        foreach (var (i, j) in Pairs(src, dst))
        {
            if (d is float[] f) { float p = (float)alpha * ((float[])s)[i]; f[j] += p; }
            else { double p = alpha * ((double[])s)[i]; ((double[])d)[j] += p; }
        }
    }

    public void ThresholdBackward(View grad, View x, double threshold, View dst)
    {
        var (g, xs, d) = (Data(grad), Data(x), Data(dst));
        var ig = Offsets(grad).ToArray();
        var ix = Offsets(x).ToArray();
        var id = Offsets(dst).ToArray();
        for (int k = 0; k < id.Length; k++) Set(d, id[k], Get(xs, ix[k]) > threshold ? Get(g, ig[k]) : 0, dst.DType);
    }

    // ---- strided indexing and element access --------------------------------------------------------------------

    internal static Array Data(View v) => ((CpuStorage)v.Storage).Data;

    internal static int[] Contiguous(int[] shape)
    {
        var st = new int[shape.Length];
        for (int d = shape.Length - 1, s = 1; d >= 0; d--) { st[d] = s; s *= shape[d]; }
        return st;
    }

    /// <summary>
    /// Each element of v in row-major order of its shape: its multi-index (one array, rewritten for the next element:
    /// copy it to keep it) and its storage offset.
    /// </summary>
    internal static IEnumerable<(int[] Index, int Offset)> Elements(View v)
    {
        long n = v.Numel;
        var idx = new int[v.Rank];
        for (long k = 0; k < n; k++)
        {
            yield return (idx, At(v, idx));
            for (int d = v.Rank - 1; d >= 0; d--) { if (++idx[d] < v.Shape[d]) break; idx[d] = 0; }
        }
    }

    /// <summary>The storage offset of each element of v, in row-major order of its shape.</summary>
    internal static IEnumerable<int> Offsets(View v) => Elements(v).Select(e => e.Offset);

    /// <summary>Writes values (row-major, one per element) into dst.</summary>
    static void WriteAll(View dst, double[] values)
    {
        var d = Data(dst);
        int k = 0;
        foreach (var off in Offsets(dst)) Set(d, off, values[k++], dst.DType);
    }

    /// <summary>The offsets of the same element in two views of one shape.</summary>
    static IEnumerable<(int, int)> Pairs(View a, View b) => Offsets(a).Zip(Offsets(b));

    /// <summary>The view's element at a multi-index.</summary>
    internal static int At(View v, params int[] index)
    {
        int off = v.Offset;
        for (int d = 0; d < index.Length; d++) off += index[d] * v.Strides[d];
        return off;
    }

    internal static double Get(Array a, int i) => a switch
    {
        float[] f => f[i], double[] d => d[i], long[] l => l[i], byte[] b => b[i],
        _ => throw new NotSupportedException($"reference backend: no element type {a.GetType().Name}"),
    };

    internal static long GetLong(Array a, int i) => a switch
    {
        long[] l => l[i], byte[] b => b[i], float[] f => (long)f[i], double[] d => (long)d[i],
        _ => throw new NotSupportedException($"reference backend: no element type {a.GetType().Name}"),
    };

    /// <summary>
    /// Stores a float value in t, as a conversion does: float32 rounds, integers truncate toward zero and saturate
    /// (NaN is 0), Bool is v != 0. Integer arithmetic stores through <see cref="SetLong"/>, which wraps.
    /// </summary>
    internal static void Set(Array a, int i, double v, DType t)
    {
        switch (a)
        {
            case float[] f: f[i] = (float)v; break;
            case double[] d: d[i] = v; break;
            case long[] l: l[i] = long.CreateSaturating(v); break;
            case byte[] b: b[i] = t == DType.Bool ? (byte)(v != 0 ? 1 : 0) : byte.CreateSaturating(v); break;
        }
    }

    internal static void SetLong(Array a, int i, long v, DType t)
    {
        switch (a)
        {
            case long[] l: l[i] = v; break;
            case byte[] b: b[i] = t == DType.Bool ? (byte)(v != 0 ? 1 : 0) : unchecked((byte)v); break;
            default: Set(a, i, v, t); break;
        }
    }
}
