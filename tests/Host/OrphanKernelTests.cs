// A kernel never outlives its client: killed with SIGKILL, the client cannot shut the kernel down, and the kernel must
// notice by itself, through JPY_PARENT_PID (Jupyter's clients set it) or, without it, by being re-parented.
using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;

namespace Mnist.Scripting.Tests.Host;

public partial class JupyterTests
{
    static readonly TimeSpan OrphanLimit = TimeSpan.FromSeconds(5);

    [TestCase(false), TestCase(true)]
    public void KernelExitsWhenItsJupyterClientIsKilled(bool fsharp)
    {
        RequirePython("jupyter_client");
        var info = Start(Python, [RepoPaths.Under("tests", "jupyter", "orphan_client.py")],
            fsharp ? KernelName + "-fsharp" : KernelName);
        using var client = Process.Start(info)!;
        int kernel;
        try
        {
            var line = client.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(150)).GetAwaiter().GetResult();
            // (Its stderr is not read to the end: the kernel it started holds that pipe open.)
            if (!int.TryParse(line, out kernel)) Assert.Fail($"orphan_client.py printed no kernel pid: '{line}'");
            Assert.That(Alive(kernel), Is.True, "the kernel was not running before its client was killed");
        }
        catch { client.Kill(entireProcessTree: true); throw; }
        var seconds = KillAndTimeOrphan(client, kernel);
        TestContext.Progress.WriteLine($"[Host] {(fsharp ? "F#" : "C#")} kernel exited {seconds:F2} s after its jupyter_client was killed (JPY_PARENT_PID)");
    }

    [Test]
    public void KernelExitsWhenReparentedWithoutJpyParentPid()
    {
        var file = Path.Combine(prefix, $"orphan-{Guid.NewGuid():N}.json");
        var ports = KernelClient.WriteConnectionFile(file, key: "k");
        // The shell is the kernel's parent; it prints the kernel's pid and waits for it.
        var dll = Path.Combine(AppContext.BaseDirectory, "mnist-scripting.dll");
        var info = Start("/bin/sh", ["-c", $"dotnet '{dll}' kernel '{file}' 2>/dev/null & echo $!; wait"], null);
        info.Environment.Remove("JPY_PARENT_PID");
        using var parent = Process.Start(info)!;
        int kernel;
        try
        {
            kernel = int.Parse(parent.StandardOutput.ReadLine()!);
            using var heartbeat = new RequestSocket($"tcp://127.0.0.1:{ports[4]}");
            var clock = Stopwatch.StartNew();
            string? echo = null;
            while (echo is null && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                heartbeat.SendFrame("ping");
                if (!heartbeat.TryReceiveFrameString(TimeSpan.FromSeconds(60) - clock.Elapsed, out echo)) break;
            }
            Assert.That(echo, Is.EqualTo("ping"), "the kernel never answered its heartbeat");
        }
        catch { parent.Kill(entireProcessTree: true); throw; }
        var seconds = KillAndTimeOrphan(parent, kernel);
        TestContext.Progress.WriteLine($"[Host] kernel exited {seconds:F2} s after its parent shell was killed (no JPY_PARENT_PID)");
    }

    ProcessStartInfo Start(string file, string[] args, string? kernelName)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, WorkingDirectory = RepoPaths.Root };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["JUPYTER_PATH"] = Path.Combine(prefix, "share", "jupyter");
        info.Environment["JUPYTER_RUNTIME_DIR"] = Path.Combine(prefix, "runtime");
        if (kernelName is not null) info.Environment["MNIST_SCRIPTING_KERNEL"] = kernelName;
        return info;
    }

    /// <summary>SIGKILLs the parent and returns how long the kernel lived on; fails (and kills it) past OrphanLimit.</summary>
    static double KillAndTimeOrphan(Process parent, int kernel)
    {
        var clock = Stopwatch.StartNew();
        parent.Kill(); // SIGKILL: the parent runs no clean-up of its own
        // (Not WaitForExit(), which also waits for the end of the redirected output: the kernel holds that pipe.)
        while (Alive(kernel) && clock.Elapsed < OrphanLimit) Thread.Sleep(20);
        var seconds = clock.Elapsed.TotalSeconds;
        if (Alive(kernel))
        {
            try { Process.GetProcessById(kernel).Kill(); } catch (ArgumentException) { }
            Assert.Fail($"the kernel (pid {kernel}) was still running {OrphanLimit.TotalSeconds} s after its parent was killed");
        }
        return seconds;
    }

    // A process that has exited but not yet been reaped by its new parent is a zombie: it is gone.
    static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException) { return false; }
    }
}
