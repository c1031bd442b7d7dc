// Drives bench/torch_peer.py as a long-lived child (one per OPENBLAS_CORETYPE setting) so each repeat can alternate
// between our run and PyTorch's; says why when python3, torch or the script is missing.
using System.Diagnostics;
using System.Text.Json;

namespace Mnist.Scripting.Bench;

sealed class TorchPeer : IDisposable
{
    /// <summary>The Python with torch: /usr/bin/python3, or MNIST_BENCH_PYTHON.</summary>
    public static readonly string Python = Environment.GetEnvironmentVariable("MNIST_BENCH_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";
    readonly Process process;

    public string Label { get; }
    public string Gemm { get; private set; } = "?";
    public int Threads { get; private set; }

    TorchPeer(Process process, string label) { this.process = process; Label = label; }

    public static string Script => Path.Combine(BenchDir, "torch_peer.py");

    /// <summary>The bench/ folder of the source tree (the peer script lives there), found upward from the binary.</summary>
    public static string BenchDir
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "bench", "torch_peer.py"))) return Path.Combine(d.FullName, "bench");
            return Path.Combine(Directory.GetCurrentDirectory(), "bench");
        }
    }

    /// <summary>Why the peer cannot run here, or null when it can.</summary>
    public static string? Unavailable()
    {
        if (!File.Exists(Python)) return $"{Python} not found";
        if (!File.Exists(Script)) return $"{Script} not found";
        var (rc, output) = Capture(Python, ["-c", "import torch, PIL, numpy"], null);
        return rc == 0 ? null : $"python3 cannot import torch/PIL/numpy ({output.Trim().Split('\n')[^1]})";
    }

    public static TorchPeer Start(string label, string? coreType, string sampleDir, string mnistDir)
    {
        var psi = new ProcessStartInfo(Python, [Script, sampleDir, mnistDir]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        if (coreType is not null) psi.Environment["OPENBLAS_CORETYPE"] = coreType;
        else { psi.Environment.Remove("OPENBLAS_CORETYPE"); psi.Environment.Remove("OPENBLAS_L2_SIZE"); }
        var peer = new TorchPeer(Process.Start(psi)!, label);
        var ready = peer.process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"torch_peer.py ({label}) exited before it was ready");
        if (!ready.Contains("\"ready\"")) throw new InvalidOperationException($"torch_peer.py ({label}): unexpected first line '{ready}'");
        return peer;
    }

    /// <summary>One timing of a workload in the peer (<paramref name="runs"/> back to back); returns seconds per run and the workload's result.</summary>
    public (double Seconds, double Result) Run(string workload, int threads, int runs = 1)
    {
        process.StandardInput.WriteLine($"{workload} {threads} {runs}");
        process.StandardInput.Flush();
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"torch_peer.py ({Label}) exited during '{workload}'");
        var j = JsonDocument.Parse(line).RootElement;
        Gemm = j.GetProperty("gemm").GetString() ?? "?";
        Threads = j.GetProperty("threads").GetInt32();
        return (j.GetProperty("s").GetDouble(), j.GetProperty("result").GetDouble());
    }

    public void Dispose()
    {
        try { process.StandardInput.Close(); if (!process.WaitForExit(5000)) process.Kill(); } catch (InvalidOperationException) { }
        process.Dispose();
    }

    /// <summary>Runs a command to the end; returns its exit code and stdout+stderr.</summary>
    public static (int Rc, string Output) Capture(string file, string[] args, IDictionary<string, string>? env, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        if (stdin is not null) { p.StandardInput.Write(stdin); p.StandardInput.Close(); }
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.Result);
    }
}
