// Arrays for buffers whose whole life is known (a convolution's im2col columns and their gradient, Sequential's
// intermediates without a graph): given back here when done and handed out again by CPU allocations of the same
// size, so a training step or a validation batch does not hand the GC megabytes of garbage per layer.
namespace Mnist.Scripting.Backends.Cpu;

internal static class ScratchPool
{
    // Enough for the chapter's CNN at validation batch 1000 (28 + 56 MB of columns) several times over; arrays given
    // back beyond it are left to the GC.
    const long MaxBytes = 256L << 20;
    static readonly Dictionary<(Type, int), Stack<Array>> free = new();
    static long bytes;
    static int gen2AtLastUse;

    static ScratchPool() => Gen2Sentinel.Start();

    // Smaller arrays are cheap for the GC; pooling them would only add a lock to every small op.
    const int MinBytes = 16 << 10;

    public static Array Rent(DType dtype, int length)
    {
        // Float arrays only: integer and bool arrays come zeroed from the runtime, and nothing gives them back anyway.
        if (dtype is not (DType.Float32 or DType.Float64) || (long)length * dtype.ElementSize() < MinBytes) return HostArrays.NewArray(dtype, length);
        lock (free)
        {
            gen2AtLastUse = GC.CollectionCount(2);
            if (free.TryGetValue((ElementType(dtype), length), out var stack) && stack.Count > 0)
            {
                var a = stack.Pop();
                bytes -= Bytes(a);
                return a;
            }
        }
        return HostArrays.NewArray(dtype, length);
    }

    public static void Return(Array a)
    {
        lock (free)
        {
            long b = Bytes(a);
            if (a is not (float[] or double[]) || b < MinBytes || bytes + b > MaxBytes) return;
            var key = (a.GetType().GetElementType()!, a.Length);
            if (!free.TryGetValue(key, out var stack)) free[key] = stack = new Stack<Array>();
            stack.Push(a);
            bytes += b;
        }
    }

    /// <summary>Bytes held for reuse now (tests and diagnostics).</summary>
    public static long HeldBytes { get { lock (free) return bytes; } }

    static Type ElementType(DType dtype) => dtype == DType.Float32 ? typeof(float) : typeof(double);

    static long Bytes(Array a) => (long)a.Length * System.Runtime.InteropServices.Marshal.SizeOf(a.GetType().GetElementType()!);

    // After a full collection in which the pool was not used since the previous one, its arrays go back to the GC, so
    // a finished training run does not keep them for as long as a REPL or notebook kernel lives (ArrayPool.Shared trims the same way).
    static void Trim()
    {
        lock (free)
            if (GC.CollectionCount(2) - gen2AtLastUse >= 2) Clear();
    }

    /// <summary>Leaves every held array to the GC.</summary>
    internal static void Clear()
    {
        lock (free)
        {
            free.Clear();
            bytes = 0;
        }
    }

    sealed class Gen2Sentinel
    {
        public static void Start() => _ = new Gen2Sentinel();
        ~Gen2Sentinel()
        {
            if (Environment.HasShutdownStarted) return;
            Trim();
            GC.ReRegisterForFinalize(this);
        }
    }
}
