// The chapter benchmark's one table: workload, threads, ours, each PyTorch peer and the ratio ours/peer, with the
// GEMM path and thread count each side used; plus a one-line machine description.
namespace Mnist.Scripting.Bench;

sealed record ResultRow(string Workload, int Threads, double Ours, string OursGemm, List<(string Label, double Seconds, string Gemm)> Peers, string Unit = "s")
{
    /// <summary>Each side's spread over the repeats, keyed "ours" or the peer's label, shown next to its median.</summary>
    public Dictionary<string, string> Spreads { get; init; } = [];

    /// <summary>The spread of timed repeats as ±half their range, relative to the median: "±4%".</summary>
    public static string Spread(List<double> xs) => xs.Count < 2 ? "" : $"±{(xs.Max() - xs.Min()) / 2 / ChapterBench.Median(xs) * 100:F0}%";
}

sealed class ResultTable(string[] peerLabels)
{
    public List<ResultRow> Rows { get; } = [];

    /// <summary>Adds a row; peerFrom copies another row's peer timings (the managed matmul is compared with the same torch runs).</summary>
    public void Add(ResultRow row, ResultRow? peerFrom = null)
    {
        if (peerFrom is not null) row = row with { Peers = peerFrom.Peers };
        Rows.Add(row);
        Console.Error.WriteLine("  " + Format(row));
    }

    static string Num(double v, string unit) => unit == "MiB" ? $"{v:F0} MiB" : v < 0.1 ? $"{v * 1000:F1} ms" : $"{v:F3} s";

    static string Cell(ResultRow r, string side, double v) => Num(v, r.Unit) + (r.Spreads.TryGetValue(side, out var s) && s != "" ? $" {s}" : "");

    static string Format(ResultRow r) =>
        $"{r.Workload} {r.Threads}T: ours {Cell(r, "ours", r.Ours)}" + string.Concat(r.Peers.Select(p => $", {p.Label} {Cell(r, p.Label, p.Seconds)} ({r.Ours / p.Seconds:F2}x)"));

    public void Print(TextWriter o)
    {
        var head = new List<string> { "workload [result]", "thr", "ours", "ours GEMM" };
        foreach (var l in peerLabels) head.AddRange([l, $"ratio vs {l}", $"{l} GEMM"]);
        var lines = new List<string[]> { head.ToArray() };
        foreach (var r in Rows)
        {
            var cells = new List<string> { r.Workload, r.Threads == 0 ? "-" : r.Threads.ToString(), Cell(r, "ours", r.Ours), r.OursGemm };
            foreach (var l in peerLabels)
            {
                var p = r.Peers.FirstOrDefault(x => x.Label == l);
                cells.AddRange(p.Label is null ? ["", "", ""] : [Cell(r, l, p.Seconds), $"{r.Ours / p.Seconds:F2}", p.Gemm]);
            }
            lines.Add(cells.ToArray());
        }
        o.WriteLine("| " + string.Join(" | ", lines[0]) + " |");
        o.WriteLine("|" + string.Concat(lines[0].Select(_ => "---|")));
        foreach (var c in lines.Skip(1)) o.WriteLine("| " + string.Join(" | ", c) + " |");
    }
}

static class Machine
{
    /// <summary>CPU model, core count and memory, from /proc (what lscpu prints).</summary>
    public static string Describe()
    {
        string model = "?", mem = "?";
        try
        {
            model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "?";
            var kb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            mem = $"{long.Parse(kb) / 1024.0 / 1024:F1} GiB";
        }
        catch (IOException) { }
        return $"machine: {model}, {Environment.ProcessorCount} cores, {mem}; load average {LoadAverage()}";
    }

    /// <summary>A warning line when other work shares the CPU (1-minute load above half the cores), else null.</summary>
    public static string? LoadWarning()
    {
        var first = LoadAverage().Split(' ')[0];
        return double.TryParse(first, System.Globalization.CultureInfo.InvariantCulture, out var load) && load > Environment.ProcessorCount * 0.5
            ? $"# warning: load average {first} on {Environment.ProcessorCount} cores: other work shares the CPU, so the times below are noisy"
            : null;
    }

    static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
    }
}
