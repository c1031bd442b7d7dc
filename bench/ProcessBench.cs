// Whole-process measures for `mnist-bench chapter`: REPL cold start to first result (our published host vs
// `python3 -c "import torch; print(1+1)"`) and peak memory of the chapter's main computations on each side.
using System.Diagnostics;

namespace Mnist.Scripting.Bench;

static class ProcessBench
{
    static string RepoRoot => Path.GetDirectoryName(TorchPeer.BenchDir)!;
    public static string Host => Path.Combine(RepoRoot, "artifacts", "mnist-scripting", "mnist-scripting");

    public static void Run(ResultTable table, int repeats, string sampleDir, string mnistDir, bool peer)
    {
        ColdStart(table, repeats, peer);
        PeakMemory(table, sampleDir, mnistDir, peer);
        if (File.Exists("/usr/bin/time") && File.Exists(Host))
        {
            ScriptsMemory(table);
            Step12Memory(table, mnistDir, peer);
        }
    }

    static double MaxRssMiB(string file, string[] args, string what)
    {
        var (rc, output) = TorchPeer.Capture("/usr/bin/time", ["-f", "maxrss_kb=%M", file, .. args], null);
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("maxrss_kb="));
        if (rc != 0 || line is null) throw new InvalidOperationException($"{what} failed (exit {rc}): {output}");
        return double.Parse(line["maxrss_kb=".Length..]) / 1024;
    }

    /// <summary>
    /// Peak RSS of step 12's default path (full MNIST, the MLP, then the small CNN), through the host against the same
    /// work in PyTorch (`torch_peer.py --step12`), both measured by /usr/bin/time.
    /// </summary>
    static void Step12Memory(ResultTable table, string mnistDir, bool peer)
    {
        Console.Error.WriteLine("peak memory of step 12 (ours through the host, then PyTorch)...");
        double ours = MaxRssMiB(Host, ["run", Path.Combine(RepoRoot, "scripts", "12_full_mnist.csx")], "scripts/12_full_mnist.csx through the host");
        var peers = peer ? new List<(string, double, string)> { ("torch", MaxRssMiB(TorchPeer.Python, [TorchPeer.Script, "--step12", mnistDir], "torch_peer.py --step12"), "/usr/bin/time %M") } : [];
        table.Add(new ResultRow("peak RSS: step 12", 0, ours, "/usr/bin/time %M", peers, "MiB"));
    }

    static double Timed(string file, string[] args, string? stdin, string expect)
    {
        var sw = Stopwatch.StartNew();
        var (rc, output) = TorchPeer.Capture(file, args, null, stdin);
        double s = sw.Elapsed.TotalSeconds;
        if (rc != 0 || !output.Contains(expect)) throw new InvalidOperationException($"cold start: '{file}' exited {rc} without '{expect}': {output}");
        return s;
    }

    static void ColdStart(ResultTable table, int repeats, bool peer)
    {
        if (!File.Exists(Host))
        {
            Console.WriteLine($"# REPL cold start not measured: {Host} missing (dotnet publish scripting-host -c Release -r linux-x64 -o artifacts/mnist-scripting)");
            return;
        }
        Console.Error.WriteLine("REPL cold start...");
        Func<double> ours = () => Timed(Host, [], "1+1\n", "2");
        Func<double> theirs = () => Timed(TorchPeer.Python, ["-c", "import torch; print(1+1)"], null, "2");
        ours(); if (peer) theirs();  // the first start also pays for reading files from disk
        var (a, b) = (new List<double>(), new List<double>());
        for (int r = 0; r < repeats; r++) { a.Add(ours()); if (peer) b.Add(theirs()); }
        table.Add(new ResultRow("REPL cold start to 1+1", 0, ChapterBench.Median(a), "published host (R2R)",
            peer ? [("torch", ChapterBench.Median(b), "python3 -c 'import torch'")] : []));
    }

    static void PeakMemory(ResultTable table, string sampleDir, string mnistDir, bool peer)
    {
        Console.Error.WriteLine("peak memory of the chapter computations...");
        var self = Environment.ProcessPath!;
        string[] args = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [typeof(ProcessBench).Assembly.Location, "chapter-mem"] : ["chapter-mem"];
        var (rc, output) = TorchPeer.Capture(self, args, null);
        double ours = rc == 0 ? double.Parse(output.Trim().Split('\n')[^1]) : throw new InvalidOperationException($"chapter-mem failed: {output}");
        var peers = new List<(string, double, string)>();
        if (peer)
        {
            var (prc, pout) = TorchPeer.Capture(TorchPeer.Python, [TorchPeer.Script, sampleDir, mnistDir, "--mem"], null);
            if (prc != 0) throw new InvalidOperationException($"torch_peer.py --mem failed: {pout}");
            var mb = System.Text.Json.JsonDocument.Parse(pout.Trim().Split('\n')[^1]).RootElement.GetProperty("peak_rss_mb").GetDouble();
            peers.Add(("torch", mb, "ru_maxrss"));
        }
        table.Add(new ResultRow("peak RSS: load+baseline+linear+simple_net", 0, ours, "VmHWM", peers, "MiB"));
    }

    /// <summary>Peak RSS of the chapter scripts as chapter.sh runs them through the host (largest of the scripts).</summary>
    static void ScriptsMemory(ResultTable table)
    {
        var scripts = Directory.GetFiles(Path.Combine(RepoRoot, "scripts"), "*.csx").Where(f => char.IsDigit(Path.GetFileName(f)[0]) && !Path.GetFileName(f).StartsWith("12")).Order().ToList();
        if (scripts.Count == 0) return;
        Console.Error.WriteLine($"peak memory of {scripts.Count} chapter scripts through the host...");
        double max = 0;
        foreach (var s in scripts)
        {
            try { max = Math.Max(max, MaxRssMiB(Host, ["run", s], Path.GetFileName(s))); }
            catch (InvalidOperationException e) { Console.WriteLine($"# {e.Message.Split('\n')[0]}; not counted"); }
        }
        table.Add(new ResultRow($"peak RSS: chapter scripts 01-11 via host (max)", 0, max, "/usr/bin/time %M", [], "MiB"));
    }

    /// <summary>`mnist-bench chapter-mem`: the chapter computations once, then the peak resident set in MiB.</summary>
    public static int ChapterMem()
    {
        new ChapterWorkloads().RunChapterOnce();
        var hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        Console.WriteLine(long.Parse(hwm) / 1024.0);
        return 0;
    }
}
