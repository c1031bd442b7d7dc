// Kernel benchmarks on the GPU: effective bandwidth of elementwise/reduction kernels next to a device-to-device copy,
// GFLOP/s of matmul v1 and v2, and one simple_net epoch on CUDA and on the CPU (bench/SimpleNet.cs, the chapter
// benchmark's model and step). Names match the rows of `bench/torch_peer.py --gpu`.
using System.Diagnostics;
using Mnist.Scripting.Bench;
using Mnist.Scripting.Cuda;

namespace Mnist.Scripting.GpuRunner;

public sealed record BenchRow(string Name, double Value, string Unit);

static class Benchmarks
{
    public static List<BenchRow> Run(CudaBackend cuda, TextWriter log, bool smoke = false)
    {
        smokeRun = smoke;
        var rows = new List<BenchRow>();
        void Add(string name, double value, string unit, string note = "")
        {
            rows.Add(new BenchRow(name, value, unit));
            log.WriteLine($"{name,-34} {value,12:F1} {unit,-7} {note}");
        }

        int N = smoke ? 1 << 16 : 1 << 26; // 64M floats = 256 MiB per tensor; --smoke only checks the code runs
        int side = smoke ? 256 : 8192;
        var g = new Generator(1);
        var a = Tensor.Rand([N], g).To(Device.Cuda);
        var b = Tensor.Rand([N], g).To(Device.Cuda);
        double bytes = 4.0 * N;
        Add("copy_d2d_GBps", 2 * bytes / Seconds(cuda, () => a.Clone()) / 1e9, "GB/s", "clone = cuMemcpyDtoD (reference)");
        Add("add_GBps", 3 * bytes / Seconds(cuda, () => a + b) / 1e9, "GB/s");
        Add("mul_scalar_GBps", 2 * bytes / Seconds(cuda, () => a * 2.5) / 1e9, "GB/s");
        Add("relu_GBps", 2 * bytes / Seconds(cuda, () => a.Relu()) / 1e9, "GB/s");
        Add("exp_GBps", 2 * bytes / Seconds(cuda, () => a.Exp()) / 1e9, "GB/s");
        Add("sigmoid_GBps", 2 * bytes / Seconds(cuda, () => a.Sigmoid()) / 1e9, "GB/s");
        Add("gt_GBps", (2 * bytes + N) / Seconds(cuda, () => a > b) / 1e9, "GB/s", "float,float -> bool");
        Add("sum_all_GBps", bytes / Seconds(cuda, () => a.Sum()) / 1e9, "GB/s");
        var m = a.View(side, side);
        var row = b[TensorIndex.Slice(0, side)];
        Add("add_broadcast_row_GBps", 2 * bytes / Seconds(cuda, () => m + row) / 1e9, "GB/s", $"[{side},{side}] + [{side}]");
        Add("transpose_contiguous_GBps", 2 * bytes / Seconds(cuda, () => m.T.Contiguous()) / 1e9, "GB/s", "strided copy");
        Add("sum_dim1_GBps", bytes / Seconds(cuda, () => m.Sum(1)) / 1e9, "GB/s", $"[{side},{side}] -> [{side}]");
        Add("sum_dim0_GBps", bytes / Seconds(cuda, () => m.Sum(0)) / 1e9, "GB/s", $"[{side},{side}] -> [{side}]");
        Add("argmax_dim1_GBps", bytes / Seconds(cuda, () => m.ArgMax(1)) / 1e9, "GB/s");
        a.Dispose(); b.Dispose();

        foreach (int n in smoke ? new[] { 64, 130 } : new[] { 512, 1024, 2048, 4096 })
        {
            var x = Tensor.Rand([n, n], g).To(Device.Cuda);
            var y = Tensor.Rand([n, n], g).To(Device.Cuda);
            double flop = 2.0 * n * n * n;
            foreach (int v in new[] { 1, 2, 3 })
            {
                if (v == 1 && n > 2048) continue;
                CudaBackend.MatMulVersion = v;
                Add($"sgemm_v{v}_{n}_GFLOPs", flop / Seconds(cuda, () => x.MatMul(y)) / 1e9, "GFLOP/s");
            }
            x.Dispose(); y.Dispose();
        }
        CudaBackend.MatMulVersion = 0;
        var xb = Tensor.Rand([256, 784], g).To(Device.Cuda);
        var w = Tensor.Rand([784, 30], g).To(Device.Cuda);
        Add("sgemm_auto_256x784x30_GFLOPs", 2.0 * 256 * 784 * 30 / Seconds(cuda, () => xb.MatMul(w)) / 1e9, "GFLOP/s", "simple_net first layer");

        var net = $"{SimpleNet.Inputs}-{SimpleNet.Hidden}-1, batch {SimpleNet.Batch}, {SimpleNet.TrainRows} rows, SGD lr {SimpleNet.Lr}";
        Add("simple_net_epoch_cuda_ms", SimpleNetEpochMs(Device.Cuda, cuda, smoke), "ms", net);
        Add("simple_net_epoch_cpu_ms", SimpleNetEpochMs(Device.Cpu, null, smoke), "ms", "same on the CPU backend");
        var (used, cached) = cuda.MemoryInUse;
        log.WriteLine($"allocator: {used} bytes live, {cached} cached");
        return rows;
    }

    /// <summary>Seconds per call: one warm-up, then enough calls for ~0.2 s; each call's temporaries freed by a scope.</summary>
    static bool smokeRun;

    static double Seconds(CudaBackend cuda, Func<Tensor> op)
    {
        using (Tensor.NewDisposeScope()) op();
        cuda.Synchronize();
        int iters = 1;
        while (true)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < iters; i++)
                using (Tensor.NewDisposeScope()) op();
            cuda.Synchronize();
            double s = sw.Elapsed.TotalSeconds;
            if (s > 0.2 || iters >= 1 << 14 || smokeRun) return s / iters;
            iters *= 4;
        }
    }

    /// <summary>
    /// One epoch of simple_net on random data of the chapter's shape (--smoke: 1,000 rows), after a warm-up epoch that
    /// loads kernels and fills the allocator's cache; each step's temporaries are freed by a DisposeScope.
    /// </summary>
    static double SimpleNetEpochMs(Device device, CudaBackend? cuda, bool smoke)
    {
        int rows = smoke ? 1000 : SimpleNet.TrainRows;
        var g = new Generator(42);
        var x = Tensor.Rand([rows, SimpleNet.Inputs], g).To(device);
        var y = (Tensor.Rand([rows, 1], g) > 0.5).Long().To(device);
        var model = new SimpleNet(device, g);
        var opt = model.CreateSgd();
        double Epoch()
        {
            double last = 0;
            for (int start = 0; start < rows; start += SimpleNet.Batch)
            {
                using var scope = Tensor.NewDisposeScope();
                int n = Math.Min(SimpleNet.Batch, rows - start);
                var loss = model.Step(opt, x.Narrow(0, start, n), y.Narrow(0, start, n));
                if (start + SimpleNet.Batch >= rows) last = loss.Item();
            }
            return last;
        }
        Epoch();
        cuda?.Synchronize();
        var sw = Stopwatch.StartNew();
        double loss = Epoch();
        cuda?.Synchronize();
        double ms = sw.Elapsed.TotalMilliseconds;
        Console.WriteLine($"simple_net on {device}: {ms:F1} ms/epoch, last batch loss {loss:F4}");
        return ms;
    }
}
