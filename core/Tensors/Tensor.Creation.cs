// Creating tensors: from C# values and arrays (torch.tensor, torch.from_numpy), constants, ranges and random fills.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting;

public sealed partial class Tensor
{
    internal static Tensor Empty(int[] shape, DType dtype, Device? device = null, string op = "empty")
    {
        int n = Shapes.NumelOf(shape, op);
        var backend = Backends.Backend.For(device ?? Device.Cpu);
        try { return new(backend.Allocate(dtype, n), shape); }
        catch (OutOfMemoryException e) when (e is not InsufficientMemoryException)
        {
            throw new InsufficientMemoryException($"{op}: not enough memory for a {dtype.TorchName()} tensor of shape {Shapes.Show(shape)} " +
                                                  $"({(double)n * dtype.ElementSize() / (1 << 30):0.##} GiB); make it smaller or free other tensors first", e);
        }
    }

    internal Tensor EmptyLike(DType? dtype = null, int[]? shape = null) =>
        new(Backend.Allocate(dtype ?? DType, Shapes.NumelOf(shape ?? this.shape)), shape ?? this.shape);

    static Tensor Host(Array data, DType dtype, int[] shape, Device? device)
    {
        if (Shapes.NumelOf(shape, "from_array") != data.Length)
            throw new ShapeException($"shape {Shapes.Show(shape)} is invalid for input of size {data.Length}");
        return new Tensor(Backends.Backend.FromHostShared(data, dtype, device), shape);
    }

    /// <summary>
    /// Wraps an array as a tensor of the given shape (torch.from_numpy: float[], double[], long[] and byte[] are shared, not copied;
    /// int[] becomes Int64 and bool[] Bool). With no shape the tensor is 1-d.
    /// </summary>
    public static Tensor FromArray(Array data, params int[] shape)
    {
        var (arr, dtype) = HostArrays.ToStorageArray(data);
        return Host(arr, dtype, shape.Length == 0 && data.Rank == 1 ? [data.Length] : shape, null);
    }

    /// <summary>A zero-dim float32 tensor (torch.tensor(3.)). C# doubles become float32, as Python floats do.</summary>
    public static Tensor Of(double value) => Host(new[] { (float)value }, DType.Float32, [], null);
    public static Tensor Of(float value) => Host(new[] { value }, DType.Float32, [], null);
    /// <summary>A zero-dim int64 tensor (torch.tensor(1)).</summary>
    public static Tensor Of(long value) => Host(new[] { value }, DType.Int64, [], null);
    public static Tensor Of(int value) => Host(new[] { (long)value }, DType.Int64, [], null);
    public static Tensor Of(bool value) => Host(new[] { value ? (byte)1 : (byte)0 }, DType.Bool, [], null);

    /// <summary>A 1-d float32 tensor: <c>Tensor.Of(3.0, 4.0, 10.0)</c> is torch.tensor([3.,4.,10.]).</summary>
    public static Tensor Of(params float[] values) => Host((float[])values.Clone(), DType.Float32, [values.Length], null);
    public static Tensor Of(params double[] values) => Host(Array.ConvertAll(values, v => (float)v), DType.Float32, [values.Length], null);
    /// <summary>A 1-d int64 tensor: <c>Tensor.Of(1, 2, 3)</c>.</summary>
    public static Tensor Of(params int[] values) => Host(Array.ConvertAll(values, v => (long)v), DType.Int64, [values.Length], null);
    public static Tensor Of(params long[] values) => Host((long[])values.Clone(), DType.Int64, [values.Length], null);
    public static Tensor Of(params bool[] values) => FromArray((bool[])values.Clone());

    /// <summary>A 2-d tensor from a rectangular array: <c>Tensor.Of(new[,] { { 1, 2, 3 }, { 4, 5, 6 } })</c>.</summary>
    public static Tensor Of(int[,] values) => Of2(values, v => (long)v, DType.Int64);
    public static Tensor Of(long[,] values) => Of2(values, v => v, DType.Int64);
    public static Tensor Of(float[,] values) => Of2(values, v => v, DType.Float32);
    public static Tensor Of(double[,] values) => Of2(values, v => (float)v, DType.Float32);

    static Tensor Of2<TIn, TOut>(TIn[,] values, Func<TIn, TOut> f, DType dtype)
    {
        int r = values.GetLength(0), c = values.GetLength(1);
        var data = new TOut[r * c];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) data[i * c + j] = f(values[i, j]);
        return Host(data, dtype, [r, c], null);
    }

    /// <summary>A zero-dim tensor made from a C# number for an op; it promotes like a Python scalar.</summary>
    internal static Tensor Scalar(double value, DType dtype, Device device)
    {
        var t = new Tensor(Backends.Backend.For(device).Allocate(dtype, 1), []) { IsWrappedNumber = true, WrappedValue = value };
        t.Backend.Fill(t.Raw, value);
        return t;
    }

    /// <summary>A tensor filled with <paramref name="value"/> (torch.full).</summary>
    public static Tensor Full(int[] shape, double value, DType dtype = DType.Float32, Device? device = null) => Fill("full", shape, value, dtype, device);

    static Tensor Fill(string op, int[] shape, double value, DType dtype = DType.Float32, Device? device = null)
    {
        var t = Empty(shape, dtype, device, op);
        t.Backend.Fill(t.Raw, value);
        return t;
    }

    /// <summary>Zeros (torch.zeros): <c>Tensor.Zeros(3, 4)</c>.</summary>
    public static Tensor Zeros(params int[] shape) => Fill("zeros", shape, 0);
    public static Tensor Zeros(int[] shape, DType dtype, Device? device = null) => Fill("zeros", shape, 0, dtype, device);
    /// <summary>Ones (torch.ones).</summary>
    public static Tensor Ones(params int[] shape) => Fill("ones", shape, 1);
    public static Tensor Ones(int[] shape, DType dtype, Device? device = null) => Fill("ones", shape, 1, dtype, device);
    public static Tensor ZerosLike(Tensor t) => Full(t.shape, 0, t.DType, t.Device);
    public static Tensor OnesLike(Tensor t) => Full(t.shape, 1, t.DType, t.Device);
    public static Tensor FullLike(Tensor t, double value) => Full(t.shape, value, t.DType, t.Device);

    /// <summary>0, 1, ..., end-1 as int64 (torch.arange(end)).</summary>
    public static Tensor Arange(long end) => Arange(0, end);

    // int overloads make Arange(0, 20) exact for F#, which would otherwise find the long and double forms equally good.
    public static Tensor Arange(int end) => Arange(0L, end);
    public static Tensor Arange(int start, int end, int step = 1) => Arange((long)start, end, step);

    /// <summary>start, start+step, ... below end, as int64 (torch.arange(0, 20)).</summary>
    public static Tensor Arange(long start, long end, long step = 1)
    {
        int n = ArangeCount(start, end, step);
        var data = new long[n];
        for (int i = 0; i < n; i++) data[i] = start + i * step;
        return Host(data, DType.Int64, [n], null);
    }

    /// <summary>A float32 range (torch.arange(0., 2., 0.5)).</summary>
    public static Tensor Arange(double start, double end, double step = 1.0)
    {
        if (!double.IsFinite(start) || !double.IsFinite(end))
            throw new ArgumentException($"arange: unsupported range: {Num(start)} -> {Num(end)} (start and end must be finite)");
        if (!double.IsFinite(step)) throw new ArgumentException($"arange: unsupported step {Num(step)} (it must be finite)");
        int n = ArangeCount(start, end, step);
        var data = new float[n];
        for (int i = 0; i < n; i++) data[i] = (float)(start + i * step);
        return Host(data, DType.Float32, [n], null);
    }

    // PyTorch's checks on a range (nonzero step, bounds on the step's side), then its length ceil((end - start) / step),
    // which must fit in one tensor: counted in Int128 for longs, so no bound can overflow the count.
    static int ArangeCount(long start, long end, long step)
    {
        CheckRange(start, end, step);
        Int128 n = ((Int128)end - start + step - Math.Sign(step)) / step;
        return RangeLength(n > int.MaxValue ? double.MaxValue : (double)n, start, end, step);
    }

    static int ArangeCount(double start, double end, double step)
    {
        CheckRange(start, end, step);
        return RangeLength(Math.Ceiling((end - start) / step), start, end, step);
    }

    static void CheckRange<T>(T start, T end, T step) where T : System.Numerics.INumber<T>
    {
        if (T.IsZero(step)) throw new ArgumentException("arange: step must be nonzero");
        if ((T.IsPositive(step) && end < start) || (T.IsNegative(step) && end > start))
            throw new ArgumentException($"arange: upper bound and larger bound inconsistent with step sign (start {start}, end {end}, step {step})");
    }

    static int RangeLength(double n, double start, double end, double step) => n <= int.MaxValue ? (int)Math.Max(0, n)
        : throw new ArgumentException($"arange: the range {Num(start)} -> {Num(end)} with step {Num(step)} has more than {int.MaxValue} (2^31-1) elements, the most one tensor holds here");

    static string Num(double v) => double.IsNaN(v) ? "nan" : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf"
        : v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><paramref name="steps"/> evenly spaced float32 values from start to end inclusive (torch.linspace).</summary>
    public static Tensor Linspace(double start, double end, int steps)
    {
        if (steps < 0) throw new ArgumentException("linspace: number of steps must be non-negative");
        var data = new float[steps];
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        // Like PyTorch, fill the second half from the end so the last value is exactly `end`.
        for (int i = 0; i < steps; i++) data[i] = (float)(i < steps / 2 ? start + step * i : end - step * (steps - 1 - i));
        return Host(data, DType.Float32, [steps], null);
    }

    /// <summary>Reseeds the default generator (torch.manual_seed) so runs are reproducible.</summary>
    public static void ManualSeed(long seed) => Generator.Default.ManualSeed(seed);

    /// <summary>Uniform [0, 1) float32 (torch.rand).</summary>
    public static Tensor Rand(params int[] shape) => Rand(shape, null);
    public static Tensor Rand(int[] shape, Generator? generator)
    {
        var g = generator ?? Generator.Default;
        var data = new float[Shapes.NumelOf(shape, "rand")];
        for (int i = 0; i < data.Length; i++) data[i] = (float)g.NextDouble();
        return Host(data, DType.Float32, shape, null);
    }

    /// <summary>Standard normal float32 (torch.randn).</summary>
    public static Tensor Randn(params int[] shape) => Randn(shape, null);
    public static Tensor Randn(int[] shape, Generator? generator)
    {
        var tmp = new double[Shapes.NumelOf(shape, "randn")];
        (generator ?? Generator.Default).FillNormal(tmp);
        return Host(Array.ConvertAll(tmp, v => (float)v), DType.Float32, shape, null);
    }

    /// <summary>Uniform integers in [low, high) as int64 (torch.randint).</summary>
    public static Tensor RandInt(long low, long high, int[] shape, Generator? generator = null)
    {
        if (high <= low) throw new ArgumentException($"randint: high ({high}) must be greater than low ({low})");
        var g = generator ?? Generator.Default;
        var data = new long[Shapes.NumelOf(shape, "randint")];
        for (int i = 0; i < data.Length; i++) data[i] = low + g.NextInt64(high - low);
        return Host(data, DType.Int64, shape, null);
    }

    /// <summary>A random permutation of 0..n-1 as int64 (torch.randperm).</summary>
    public static Tensor RandPerm(int n, Generator? generator = null) => n < 0
        ? throw new ArgumentException($"randperm: n must be non-negative, got {n}")
        : Host((generator ?? Generator.Default).Permutation(n), DType.Int64, [n], null);
}
