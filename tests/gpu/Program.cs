// GPU runner: `Mnist.Scripting.GpuRunner OUTDIR [--selftest|--parity-only|--bench-only] [--smoke] [--filter NAME]`; no flag runs all three,
// writing summary.txt, selftest.txt, parity.txt/.csv, bench.txt/.csv. `--cpu-reference` runs no CUDA: every parity case,
// the fast CPU backend against the reference backend, so that a process started with fewer SIMD widths
// (DOTNET_EnableAVX512=0, DOTNET_EnableAVX=0, DOTNET_EnableHWIntrinsic=0) checks that width's paths (tests/Core/SimdWidthTests).
// Exit codes: 0 self-test and parity pass, 1 some fail, 2 CUDA unavailable (the reason is printed and written to OUTDIR).
using Mnist.Scripting;
using Mnist.Scripting.Backends;
using Mnist.Scripting.Cuda;
using Mnist.Scripting.GpuRunner;
using Mnist.Scripting.OpCases;

string? filter = args.SkipWhile(a => a != "--filter").Skip(1).FirstOrDefault(); // parity cases whose name contains it
var outDir = args.Where((a, i) => !a.StartsWith("--") && (i == 0 || args[i - 1] != "--filter")).FirstOrDefault() ?? "gpu-results";
Directory.CreateDirectory(outDir);
using var summary = new Tee(Path.Combine(outDir, "summary.txt"));
summary.WriteLine($"Mnist.Scripting GPU runner, {DateTime.UtcNow:u}");
summary.WriteLine(Backend.Describe());
summary.WriteLine($"simd: Vector128 {System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated}, Vector256 {System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}, " +
                  $"Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
if (args.Contains("--cpu-reference"))
{
    using var log = new Tee(Path.Combine(outDir, "reference.txt"));
    long seed = 11;
    var results = ParityCases.All().Where(c => filter is null || c.ToString().Contains(filter)).Select(c => Parity.AgainstReference(c, seed++)).ToList();
    var failed = results.Where(r => !r.Ok).ToList();
    foreach (var r in failed) log.WriteLine(r.Report);
    summary.WriteLine($"reference: {results.Count - failed.Count} of {results.Count} cases agree with the reference" +
                      (failed.Count > 0 ? $"; FAILED: {string.Join(", ", failed.Select(r => r.Case))}" : ""));
    return failed.Count == 0 ? 0 : 1;
}
if (!Device.CudaAvailable)
{
    summary.WriteLine($"CUDA unavailable: {Device.CudaUnavailableReason}");
    return 2;
}
var cuda = CudaRuntime.Backend;
summary.WriteLine($"device: {cuda.DeviceName}");

// No mode flag: self-test, parity, then benchmarks.
bool all = !args.Any(a => a is "--selftest" or "--parity-only" or "--bench-only");
int failures = 0;
if (all || args.Contains("--selftest"))
{
    using var log = new Tee(Path.Combine(outDir, "selftest.txt"));
    int bad = SelfTest.Run(cuda, log);
    failures += bad;
    summary.WriteLine($"selftest: {(bad == 0 ? "ok" : $"{bad} failures")}");
}
if (all || args.Contains("--parity-only"))
{
    using var log = new Tee(Path.Combine(outDir, "parity.txt"));
    long seed = Environment.TickCount64;
    log.WriteLine($"CUDA-vs-reference parity, seed {seed}, allocations poisoned with 0xFF, tolerance atol + rtol*|ref| (float32 1e-4 + 1e-5, float64 1e-9 + 1e-10)");
    // Poisoned allocations expose unwritten outputs; a sync per launch makes a fault name its kernel.
    (CudaBackend.PoisonAllocations, CudaBackend.SyncAfterLaunch) = (true, true);
    var results = Parity.RunAll(ParityCases.All().Where(c => filter is null || c.ToString().Contains(filter)), Device.Cuda, seed, log);
    (CudaBackend.PoisonAllocations, CudaBackend.SyncAfterLaunch) = (false, false);
    failures += results.Count(r => !r.Ok);
    File.WriteAllLines(Path.Combine(outDir, "parity.csv"),
        results.Select(r => $"{r.Case},{(r.Ok ? "ok" : "FAIL")},{r.MaxForwardDiff:E3},{r.MaxGradDiff:E3},{r.Milliseconds:F2}").Prepend("case,result,max_forward_diff,max_grad_diff,ms"));
    int bad = results.Count(r => !r.Ok);
    summary.WriteLine($"parity: {results.Count - bad} of {results.Count} cases agree with the reference backend{(bad > 0 ? $"; FAILED: {string.Join(", ", results.Where(r => !r.Ok).Select(r => r.Case))}" : "")}");
}
if (all || args.Contains("--bench-only"))
{
    using var log = new Tee(Path.Combine(outDir, "bench.txt"));
    var rows = Benchmarks.Run(cuda, log, args.Contains("--smoke"));
    File.WriteAllLines(Path.Combine(outDir, "bench.csv"), rows.Select(r => $"{r.Name},{r.Value:F3},{r.Unit}").Prepend("name,value,unit"));
    summary.WriteLine($"benchmarks: {rows.Count} rows in bench.txt");
}
var (used, cached) = cuda.MemoryInUse;
summary.WriteLine($"allocator at exit: {used} bytes in live tensors, {cached} cached");
return failures == 0 ? 0 : 1;

namespace Mnist.Scripting.GpuRunner
{
    /// <summary>A TextWriter that writes to the console and a file.</summary>
    sealed class Tee(string path) : TextWriter
    {
        readonly StreamWriter file = new(path) { AutoFlush = true };
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value) { Console.Write(value); file.Write(value); }
        public override void WriteLine(string? value) { Console.WriteLine(value); file.WriteLine(value); }
        protected override void Dispose(bool disposing) { if (disposing) file.Dispose(); base.Dispose(disposing); }
    }
}
