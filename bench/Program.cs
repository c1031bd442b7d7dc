// mnist-bench WORKLOAD [--threads N] [--repeats N]: times one workload of ours and prints one line per measurement.
using Mnist.Scripting.Backends;
using Mnist.Scripting.Bench;

var workload = args.Length > 0 ? args[0] : "matmul";
int threads = Arg("--threads", Environment.ProcessorCount);
int repeats = Arg("--repeats", 5);
Console.WriteLine($"# {Backend.Describe()}");
switch (workload)
{
    case "matmul": MatMulBench.Run(threads, repeats); break;
    case "overhead": OverheadBench.Run(repeats); break;
    case "load": LoadBench.Run(repeats); break;
    default: Console.Error.WriteLine($"unknown workload '{workload}' (known: matmul, overhead, load)"); return 2;
}
return 0;

int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}
