// Times the linear model from scratch (20 epochs) and simple_net (40 epochs) at 1 and 2 threads, then runs the PyTorch
// peer in the same run and prints the ratios.
// Usage: dotnet run -c Release --project bench/TrainBench [-- --no-peer] [--cold-only] [threads...]
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Mnist.Scripting;
using Mnist.Scripting.Backends;
using Mnist.Scripting.Data;
using Mnist.Scripting.NN;
using Mnist.Scripting.Optim;
using Mnist.Scripting.Training;

bool peer = !args.Contains("--no-peer");
bool coldOnly = args.Contains("--cold-only");
var threadCounts = args.Where(a => int.TryParse(a, out _)).Select(int.Parse).DefaultIfEmpty(0).ToArray();
if (threadCounts is [0]) threadCounts = [1, Environment.ProcessorCount];
var dataDir = FindData();
var train = Batches(Load(dataDir, "train"));
var valid = Batches(Load(dataDir, "t10k"));
Console.WriteLine(Backend.Describe());

const int Reps = 3;
var ours = new Dictionary<int, (double Linear, double Net)>();
bool cold = true;
foreach (var threads in threadCounts)
{
    Backend.SetNumThreads(threads);
    if (cold)
    {
        // What a script sees: the first run pays for JIT and tiered compilation.
        var (l0, _) = Timed(() => LinearFromScratch(20));
        var (n0, _) = Timed(() => SimpleNet(40));
        Console.WriteLine($"ours    threads={threads}: first run (cold JIT): linear {l0:F3}s, simple_net {n0:F3}s");
        cold = false;
        if (coldOnly) return;
    }
    // Tiered JIT needs a while (and quiet periods) to promote the hot kernels: warm up well before timing.
    for (int i = 0; i < 3; i++) LinearFromScratch(20);
    SimpleNet(10);
    // Steady state: the best of a few runs, since the machine is shared.
    var lin = Enumerable.Range(0, Reps).Select(_ => Timed(() => LinearFromScratch(20))).MinBy(r => r.Seconds);
    var net = Enumerable.Range(0, Reps).Select(_ => Timed(() => SimpleNet(40))).MinBy(r => r.Seconds);
    ours[threads] = (lin.Seconds, net.Seconds);
    Console.WriteLine($"ours    threads={threads}: linear {lin.Seconds:F3}s (acc {lin.Acc:F4}), simple_net {net.Seconds:F3}s (acc {net.Acc:F4}) [best of {Reps}]");
}

if (peer)
{
    // PyTorch as installed, then with the OpenBLAS core type we pick for ourselves (same GEMM kernels on both sides).
    RunPeer(null);
    if (Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is null) RunPeer(Backend.Describe().Contains("SkylakeX") ? "SkylakeX" : Backend.Describe().Contains("Haswell") ? "Haswell" : null);
}

void RunPeer(string? coreType)
{
    if (coreType is null && Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is not null) return;
    var script = Path.Combine(FindUp("bench") ?? ".", "train_peer.py");
    var psi = new ProcessStartInfo("/usr/bin/python3", [script, .. threadCounts.Select(t => t.ToString())]) { RedirectStandardOutput = true };
    if (coreType is not null) psi.Environment["OPENBLAS_CORETYPE"] = coreType;
    var label = coreType is null ? "pytorch" : $"pytorch+{coreType}";
    using var p = Process.Start(psi)!;
    while (p.StandardOutput.ReadLine() is { } line)
    {
        var j = JsonDocument.Parse(line).RootElement;
        int t = j.GetProperty("threads").GetInt32();
        double lin = j.GetProperty("linear_s").GetDouble(), net = j.GetProperty("simple_net_s").GetDouble();
        Console.WriteLine($"{label} threads={t}: linear {lin:F3}s (acc {j.GetProperty("linear_acc").GetDouble():F4}), simple_net {net:F3}s (acc {j.GetProperty("simple_net_acc").GetDouble():F4})");
        if (ours.TryGetValue(t, out var o))
            Console.WriteLine($"ratio vs {label} threads={t}: linear {o.Linear / lin:F2}x (goal <= 0.5), simple_net {o.Net / net:F2}x (goal <= 0.7)");
    }
    p.WaitForExit();
}

double LinearFromScratch(int epochs)
{
    Tensor.ManualSeed(42);
    var weights = Tensor.Randn(784, 1).RequiresGrad();
    var bias = Tensor.Randn(1).RequiresGrad();
    Tensor Model(Tensor xb) => xb.MatMul(weights) + bias;
    double acc = 0;
    for (int e = 0; e < epochs; e++)
    {
        foreach (var (xb, yb) in train)
        {
            F.MnistLoss(Model(xb), yb).Backward();
            Sgd.Step([weights, bias], 1.0);
            weights.Grad!.Zero_();
            bias.Grad!.Zero_();
        }
        acc = Validate(Model);
    }
    return acc;
}

double SimpleNet(int epochs)
{
    Tensor.ManualSeed(42);
    var model = new Sequential(new Linear(784, 30), new ReLU(), new Linear(30, 1));
    var learn = new Learner(new DataLoaders(train, valid), model, Sgd.Create, F.MnistLoss, F.BatchAccuracy) { Output = TextWriter.Null, Progress = ProgressMode.Off };
    learn.Fit(epochs, 0.1);
    return learn.Recorder.Values[^1][2];
}

double Validate(Func<Tensor, Tensor> model)
{
    using var _ = Tensor.NoGrad();
    double acc = 0, loss = 0; int n = 0;
    foreach (var (xb, yb) in valid)
    {
        var p = model(xb);
        loss += F.MnistLoss(p, yb).Item() * xb.Size(0);
        acc += F.BatchAccuracy(p, yb).Item() * xb.Size(0);
        n += xb.Size(0);
    }
    return acc / n;
}

static (double Seconds, double Acc) Timed(Func<double> f)
{
    var sw = Stopwatch.StartNew();
    var r = f();
    return (sw.Elapsed.TotalSeconds, r);
}

static string? FindUp(string name)
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (Directory.Exists(Path.Combine(d.FullName, name)) && File.Exists(Path.Combine(d.FullName, name, "train_peer.py"))) return Path.Combine(d.FullName, name);
    return null;
}

static string FindData()
{
    if (Environment.GetEnvironmentVariable("MNIST_SCRIPTING_SHARED_DATA") is { Length: > 0 } env) return env;
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (Directory.Exists(Path.Combine(d.FullName, "shared", "data", "mnist"))) return Path.Combine(d.FullName, "shared", "data");
    throw new DirectoryNotFoundException("shared/data/mnist not found; set MNIST_SCRIPTING_SHARED_DATA");
}

// The book's 3s-then-7s set from the IDX files: x [n, 784] in [0, 1], y [n, 1] (1 for a 3).
static (Tensor X, Tensor Y) Load(string dir, string prefix)
{
    static byte[] Read(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }
    var images = Read(Path.Combine(dir, "mnist", $"{prefix}-images-idx3-ubyte.gz"));
    var labels = Read(Path.Combine(dir, "mnist", $"{prefix}-labels-idx1-ubyte.gz"))[8..];
    var order = Enumerable.Range(0, labels.Length).Where(i => labels[i] == 3).Concat(Enumerable.Range(0, labels.Length).Where(i => labels[i] == 7)).ToArray();
    var x = new float[order.Length * 784];
    var y = new long[order.Length];
    for (int r = 0; r < order.Length; r++)
    {
        for (int j = 0; j < 784; j++) x[r * 784 + j] = images[16 + order[r] * 784 + j] / 255f;
        y[r] = labels[order[r]] == 3 ? 1 : 0;
    }
    return (Tensor.FromArray(x, order.Length, 784), Tensor.FromArray(y, order.Length, 1));
}

static List<(Tensor X, Tensor Y)> Batches((Tensor X, Tensor Y) set, int bs = 256)
{
    var list = new List<(Tensor X, Tensor Y)>();
    for (int i = 0; i < set.X.Size(0); i += bs)
    {
        int len = Math.Min(bs, set.X.Size(0) - i);
        list.Add((set.X.Narrow(0, i, len), set.Y.Narrow(0, i, len)));
    }
    return list;
}
