// mnist-bench WORKLOAD [options]: chapter (ours vs PyTorch, one table), micro (BenchmarkDotNet op benchmarks),
// matmul, overhead, load (quick single-side probes), chapter-mem (used by chapter for peak memory).
using Mnist.Scripting.Backends;
using Mnist.Scripting.Bench;

var workload = args.Length > 0 ? args[0] : "chapter";
int threads = Program.Arg(args, "--threads", Environment.ProcessorCount);
int repeats = Program.Arg(args, "--repeats", 5);
switch (workload)
{
    case "chapter": return ChapterBench.Run(args[1..]);
    case "chapter-mem": return ProcessBench.ChapterMem();
    case "micro": return MicroBench.Run(args[1..]);
    case "matmul": Console.WriteLine($"# {Backend.Describe()}"); MatMulBench.Run(threads, repeats); break;
    case "overhead": Console.WriteLine($"# {Backend.Describe()}"); OverheadBench.Run(repeats); break;
    case "load": Console.WriteLine($"# {Backend.Describe()}"); LoadBench.Run(repeats); break;
    default: Console.Error.WriteLine($"mnist-bench: unknown workload '{workload}' (known: chapter, micro, matmul, overhead, load)"); return 2;
}
return 0;

partial class Program
{
    public static int Arg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }

    public static string? ArgString(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>A comma-separated list of ints ("--threads 1,2"), or null when the option is absent.</summary>
    public static int[]? ArgList(string[] args, string name) => ArgString(args, name)?.Split(',').Select(int.Parse).ToArray();
}
