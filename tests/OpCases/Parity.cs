// Parity: one case run on two sides with the same inputs (the reference backend against a device or against the
// CPU backend's fast paths), forward and gradients, compared with atol + rtol·|ref|. Shared by the NUnit tests and the GPU runner.
using System.Diagnostics;
using System.Text;

namespace Mnist.Scripting.OpCases;

public static class Parity
{
    public sealed record Outcome(ParityCase Case, bool Ok, double MaxForwardDiff, double MaxGradDiff, double Milliseconds, string Report);

    /// <summary>Default tolerances: float32 rtol 1e-5 (atol 1e-4 for long float sums), float64 1e-10; integers exact.</summary>
    public static (double Atol, double Rtol) Tolerance(DType t) => t switch
    {
        DType.Float32 => (1e-4, 1e-5),
        DType.Float64 => (1e-9, 1e-10),
        _ => (0, 0),
    };

    /// <summary>Where one side of a comparison computes: a device, and on the CPU either backend.</summary>
    public sealed record Side(Device Device, bool Reference, string Name)
    {
        public static readonly Side Cpu = new(Device.Cpu, false, "cpu");
        public static readonly Side ReferenceCpu = new(Device.Cpu, true, "reference");
        public static Side On(Device device) => device.Type == DeviceType.Cpu ? Cpu : new(device, false, device.ToString());

        /// <summary>Runs f with this side's backend: on the reference one, every CPU tensor made is the reference's.</summary>
        public T In<T>(Func<T> f)
        {
            using var scope = Reference ? Backends.Backend.UseReference() : null;
            return f();
        }
    }

    /// <summary>
    /// A device against the reference backend (the CUDA parity check): the definitions, not whichever fast CPU route
    /// this machine picked, are what every backend is held to.
    /// </summary>
    public static Outcome Run(ParityCase c, Device device, long seed) => Run(c, seed, Side.ReferenceCpu, Side.On(device));

    /// <summary>The reference backend (the definitions) against the CPU backend's fast paths.</summary>
    public static Outcome AgainstReference(ParityCase c, long seed) => Run(c, seed, Side.ReferenceCpu, Side.Cpu);

    /// <summary>One case on <paramref name="baseline"/> and <paramref name="subject"/> with the same inputs: forward and gradients.</summary>
    public static Outcome Run(ParityCase c, long seed, Side baseline, Side subject)
    {
        var sw = Stopwatch.StartNew();
        var report = new StringBuilder($"{c} seed {seed}, {subject.Name} against {baseline.Name}");
        try
        {
            var g = new Generator(seed);
            var data = new OpCase(c.Name, c.Shapes, c.Fn, c.Domain).DrawInputs(g);
            var cpu = baseline.In(() => data.Select((d, i) => Input(d, c.Shapes[i], c.DType, baseline.Device, c.Grad)).ToArray());
            var dev = subject.In(() => data.Select((d, i) => Input(d, c.Shapes[i], c.DType, subject.Device, c.Grad)).ToArray());
            var outCpu = baseline.In(() => c.Fn(cpu));
            var outDev = subject.In(() => c.Fn(dev));
            if (outDev.Device != subject.Device) return Fail($"output is on {outDev.Device}, expected {subject.Device}");
            if (!outCpu.Shape.Equals(outDev.Shape) || outCpu.DType != outDev.DType)
                return Fail($"output {outDev.Shape} {outDev.DType.TorchName()}, reference {outCpu.Shape} {outCpu.DType.TorchName()}");
            var (atol, rtol) = Tolerance(outCpu.DType);
            if (c.Atol is { } caseAtol) atol = caseAtol;
            var fwd = Compare.Close(outCpu.ToArray<double>(), outDev.ToArray<double>(), atol, rtol, "forward");
            report.Append('\n').Append(fwd.Report);
            bool ok = fwd.Ok;
            double gradMax = 0;
            if (c.Grad && outCpu.DType.IsFloatingPoint())
            {
                var w = new double[outCpu.Numel];
                for (int i = 0; i < w.Length; i++) w[i] = g.NextDouble() - 0.5;
                baseline.In(() => { (outCpu * Tensor.FromArray(w, outCpu.Shape.ToArray()).To(outCpu.DType)).Sum().Backward(); return 0; });
                subject.In(() => { (outDev * Tensor.FromArray(w, outCpu.Shape.ToArray()).To(outCpu.DType).To(subject.Device)).Sum().Backward(); return 0; });
                for (int k = 0; k < cpu.Length; k++)
                {
                    if (cpu[k].Grad is null && dev[k].Grad is null) continue;
                    if (cpu[k].Grad is null || dev[k].Grad is null) { ok = false; report.Append($"\ngrad {k}: present on one side only"); continue; }
                    var (ga, gr) = Tolerance(c.DType);
                    var r = Compare.Close(cpu[k].Grad!.ToArray<double>(), dev[k].Grad!.ToArray<double>(), ga, gr, $"grad {k}");
                    gradMax = Math.Max(gradMax, r.MaxDiff);
                    ok &= r.Ok;
                    report.Append('\n').Append(r.Report);
                }
            }
            return new Outcome(c, ok, fwd.MaxDiff, gradMax, sw.Elapsed.TotalMilliseconds, report.ToString());
        }
        catch (Exception e)
        {
            return Fail($"threw {e.GetType().Name}: {e.Message}");
        }

        Outcome Fail(string why) => new(c, false, double.NaN, double.NaN, sw.Elapsed.TotalMilliseconds, $"{report}\n{why}");
    }

    static Tensor Input(double[] data, int[] shape, DType dtype, Device device, bool grad)
    {
        var host = dtype.IsFloatingPoint() ? data : data.Select(v => Math.Truncate(v * 25)).ToArray();
        var t = Tensor.FromArray(host, shape).To(dtype).Detach().To(device).Detach();
        return grad && dtype.IsFloatingPoint() ? t.RequiresGrad() : t;
    }

    /// <summary>Runs every case; <paramref name="log"/> gets one line per case and the report of each failure.</summary>
    public static IReadOnlyList<Outcome> RunAll(IEnumerable<ParityCase> cases, Device device, long seed, TextWriter? log = null)
    {
        var results = new List<Outcome>();
        foreach (var c in cases)
        {
            var r = Run(c, device, seed++);
            results.Add(r);
            log?.WriteLine($"{(r.Ok ? "ok  " : "FAIL")} {c,-40} fwd {r.MaxForwardDiff:E2} grad {r.MaxGradDiff:E2} {r.Milliseconds,8:F1} ms");
            if (!r.Ok) log?.WriteLine("     " + r.Report.Replace("\n", "\n     "));
        }
        return results;
    }
}
