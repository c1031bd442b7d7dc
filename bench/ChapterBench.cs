// `mnist-bench chapter`: each chapter workload timed ours vs PyTorch (as installed, and with OPENBLAS_CORETYPE set to
// the core we pick) in the same run, alternating per repeat, warm-up excluded, median of N, at 1 and all threads.
using System.Diagnostics;
using System.Runtime.Intrinsics.X86;
using Mnist.Scripting.Backends;
using Mnist.Scripting.Data;

namespace Mnist.Scripting.Bench;

static class ChapterBench
{
    // Workloads whose time is mostly GEMM: only these are rerun with the peer's OPENBLAS_CORETYPE forced.
    static readonly HashSet<string> GemmBound = ["linear", "simple_net", "matmul", "mlp_epoch", "cnn_epoch"];

    public static int Run(string[] args)
    {
        int repeats = Math.Max(5, Program.Arg(args, "--repeats", 5));
        var threadCounts = Program.ArgList(args, "--threads") ?? [1, Environment.ProcessorCount];
        var only = Program.ArgString(args, "--only")?.Split(',') ?? ChapterWorkloads.Names;
        bool process = !args.Contains("--no-process");
        Console.WriteLine($"# {Machine.Describe()}");
        if (Machine.LoadWarning() is { } warning) Console.WriteLine(warning);
        Console.WriteLine($"# ours: {Backend.Describe()}");
        var w = new ChapterWorkloads();
        var mnistDir = Datasets.Download(Urls.Mnist.TrainImages).Parent.FullName;

        var peers = new List<TorchPeer>();
        var why = args.Contains("--no-peer") ? "--no-peer given" : TorchPeer.Unavailable();
        // The same-kernel peer runs the core type our process runs: the environment's when it sets one (we honour it),
        // else the one we choose. OPENBLAS_L2_SIZE stays as the environment has it for both.
        string coreType = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is { Length: > 0 } env ? env
            : Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported ? "SkylakeX" : "Haswell";
        Console.WriteLine($"# same-kernel peer: OPENBLAS_CORETYPE={coreType} (ours runs it too); 'torch' runs without OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE, as installed");
        if (why is null)
        {
            Console.Error.WriteLine("starting the PyTorch peers (they load the PNGs first)...");
            peers.Add(TorchPeer.Start("torch", null, w.SamplePath.FullName, mnistDir));
            peers.Add(TorchPeer.Start($"torch+{coreType}", coreType, w.SamplePath.FullName, mnistDir));
        }
        else Console.WriteLine($"# PyTorch peer not run: {why}; printing ours only");

        var table = new ResultTable(peers.Select(p => p.Label).ToArray());
        try
        {
            foreach (var name in only)
                foreach (var t in threadCounts)
                {
                    Backend.SetNumThreads(t);
                    var active = peers.Where((p, i) => i == 0 || GemmBound.Contains(name)).ToList();
                    try { table.Add(Measure(name, t, repeats, () => w.Run(name), active, Gemm())); }
                    catch (Exception e) when (e is IOException or InvalidOperationException)
                    {
                        // One workload failing (data missing, peer crashed) should not cost the rest of the table.
                        Console.WriteLine($"# {name} {t}T not measured: {e.Message.Split('\n')[0]}");
                        continue;
                    }
                    if (name == "matmul" && Backend.CpuGemm == GemmProvider.OpenBlas)
                    {
                        Backend.CpuGemm = GemmProvider.Managed;
                        try { table.Add(Measure("matmul (managed)", t, repeats, () => w.Run(name), [], Gemm()), peerFrom: table.Rows[^1]); }
                        finally { Backend.CpuGemm = GemmProvider.OpenBlas; }
                    }
                }
            Backend.SetNumThreads(Environment.ProcessorCount);
            if (process) ProcessBench.Run(table, repeats, w.SamplePath.FullName, mnistDir, why is null);
        }
        finally { foreach (var p in peers) p.Dispose(); }
        Console.WriteLine();
        table.Print(Console.Out);
        return 0;
    }

    static string Gemm() => $"{Backend.CpuGemm}{(Backend.CpuThinGemm ? " + AVX-512 thin" : "")} {Backend.NumThreads}T";

    // Runs per timing for workloads that take a few milliseconds (the same count on both sides; times are per run).
    static readonly Dictionary<string, int> ShortWorkloadRuns = new() { ["baseline"] = 20 };

    static ResultRow Measure(string name, int threads, int repeats, Func<double> ours, List<TorchPeer> peers, string gemm)
    {
        Console.Error.WriteLine($"{name}, {threads} thread(s)...");
        // Tiered JIT: untimed runs for at least 2 s (3 runs of a short workload leave the kernels at tier 0: the
        // baseline measured 22 ms instead of 6.6 ms), then a pause so the background tier-1 compiles finish.
        double result = 0;
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 500 && (i < 2 || warm.Elapsed.TotalSeconds < 2); i++) result = ours();
        Thread.Sleep(300);
        foreach (var p in peers) p.Run(name, threads);
        // A workload of a few milliseconds is timed over several runs back to back on each side, so one collection
        // (ours) or allocator hiccup (theirs) does not decide a repeat: the baseline's single runs spread ±20-35%.
        int runs = ShortWorkloadRuns.GetValueOrDefault(name, 1);
        double peerResult = double.NaN;
        var mine = new List<double>();
        var theirs = peers.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < repeats; r++)
        {
            Settle(threads);
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < runs; i++) result = ours();
            mine.Add(sw.Elapsed.TotalSeconds / runs);
            for (int i = 0; i < peers.Count; i++)
            {
                Settle(threads);
                (double s, peerResult) = peers[i].Run(name, threads, runs);
                theirs[i].Add(s);
            }
        }
        // The spread (min–max of the timed runs) goes to stderr beside the progress lines; the table keeps medians.
        Console.Error.WriteLine($"  {name} {threads}T spread: ours {mine.Min():F3}–{mine.Max():F3} s" +
            string.Concat(peers.Select((p, i) => $", {p.Label} {theirs[i].Min():F3}–{theirs[i].Max():F3} s")));
        // The label shows both sides' outputs (accuracy, image count), so it is seen that both did the same work.
        var label = peers.Count > 0 ? $"{name} [{result:G4} / {peerResult:G4}]" : $"{name} [{result:G4}]";
        var spreads = new Dictionary<string, string> { ["ours"] = ResultRow.Spread(mine) };
        for (int i = 0; i < peers.Count; i++) spreads[peers[i].Label] = ResultRow.Spread(theirs[i]);
        return new ResultRow(label, threads, Median(mine), gemm,
            peers.Select((p, i) => (p.Label, Median(theirs[i]), $"{p.Gemm}")).ToList()) { Spreads = spreads };
    }

    // With more than one thread, the side that ran last leaves worker threads spinning for a while (OpenMP's and
    // OpenBLAS's wait loops, .NET's thread pool): on two cores they took the core the next side's second thread needed
    // (ours read 12.5 ms at 2 threads right after the peer, 3.1 ms without it). A pause before each timed run lets them sleep.
    static void Settle(int threads)
    {
        if (threads > 1) Thread.Sleep(100);
    }

    public static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
