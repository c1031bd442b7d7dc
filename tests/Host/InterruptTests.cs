// Ctrl-C through the real path: the program as a child process with piped stdin, receiving SIGINT from kill(2).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Mnist.Scripting.Tests.Host;

[Platform(Exclude = "Win")]
public class InterruptTests
{
    const int SigInt = 2;
    const string Interrupted = "KeyboardInterrupt: the cell was interrupted; variables are kept.";

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int sig);

    /// <summary>A running mnist-scripting whose stdout and stderr lines are collected as they arrive.</summary>
    sealed class Child : IDisposable
    {
        public readonly Process Process;
        readonly BlockingCollection<string> stdout = new(), stderr = new();
        public readonly List<string> Out = [], Err = [];

        public Child(params string[] args)
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "mnist-scripting.dll");
            var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(dll);
            foreach (var a in args) info.ArgumentList.Add(a);
            Process = Process.Start(info)!;
            Process.OutputDataReceived += (_, e) => { if (e.Data is { } d) stdout.Add(d); };
            Process.ErrorDataReceived += (_, e) => { if (e.Data is { } d) stderr.Add(d); };
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        public void Send(string text) { Process.StandardInput.Write(text); Process.StandardInput.Flush(); }

        public void Interrupt() => Assert.That(kill(Process.Id, SigInt), Is.Zero, "kill(2) should deliver SIGINT");

        /// <summary>Waits for a line starting with <paramref name="start"/> on stdout (or stderr), keeping all lines seen.</summary>
        public void WaitFor(string start, bool onStderr = false)
        {
            var (source, seen) = onStderr ? (stderr, Err) : (stdout, Out);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            // An exited process gets one more second for its last lines, so a crash fails fast.
            while (DateTime.UtcNow < deadline && !(Process.HasExited && DateTime.UtcNow > Process.ExitTime.ToUniversalTime().AddSeconds(1)))
            {
                if (!source.TryTake(out var line, 100)) continue;
                seen.Add(line);
                if (line.StartsWith(start, StringComparison.Ordinal)) return;
            }
            var exit = Process.HasExited ? $"exited with {Process.ExitCode}" : "still running";
            Assert.Fail($"no line starting with '{start}' ({exit}); stdout: {string.Join(" | ", Out)}; stderr: {string.Join(" | ", Err)}");
        }

        /// <summary>Closes stdin, waits for the exit and drains what is left.</summary>
        public int Finish()
        {
            Process.StandardInput.Close();
            Assert.That(Process.WaitForExit(60_000), Is.True, "the process should finish");
            Process.WaitForExit(); // flushes the asynchronous readers
            stdout.CompleteAdding(); stderr.CompleteAdding();
            Out.AddRange(stdout); Err.AddRange(stderr);
            return Process.ExitCode;
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill();
            Process.Dispose();
        }
    }

    [Test]
    public void EachCellGetsItsOwnFirstCtrlC()
    {
        using var child = new Child();
        child.Send("var a = 1;\nConsole.WriteLine(\"spin 1\"); while (true) { }\n");
        child.WaitFor("spin 1");
        child.Interrupt();
        child.WaitFor(Interrupted);
        child.Send("var b = 2;\nConsole.WriteLine(\"spin 2\"); while (true) { }\n");
        child.WaitFor("spin 2");
        child.Interrupt();
        child.WaitFor(Interrupted);
        child.Send("a + b\n");
        var code = child.Finish();
        Assert.That(code, Is.Zero, "the second cell's first Ctrl-C must not end the session");
        Assert.That(child.Out, Is.EqualTo(new[] { "spin 1", Interrupted, "spin 2", Interrupted, "3" }));
        Assert.That(child.Err.Count(l => l == "^C (interrupting the cell; press again to quit)"), Is.EqualTo(2), string.Join("\n", child.Err));
    }

    [Test]
    public void SecondCtrlCDuringTheSameStuckCellEndsTheProcess()
    {
        using var child = new Child();
        // A single long call never reaches a loop check, so the first Ctrl-C cannot stop it.
        child.Send("Console.WriteLine(\"stuck\"); System.Threading.Thread.Sleep(120_000);\n");
        child.WaitFor("stuck");
        child.Interrupt();
        child.WaitFor("^C (interrupting the cell", onStderr: true);
        child.Interrupt();
        Assert.That(child.Process.WaitForExit(30_000), Is.True, "the second Ctrl-C should end the process");
        Assert.That(child.Process.ExitCode, Is.EqualTo(130), "killed by SIGINT: 128 + 2");
    }

    [Test]
    public void CtrlCEndsARunningScriptWith130()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("interrupt").FullName, "spin.csx");
        File.WriteAllText(file, "Console.WriteLine(\"spinning\");\nwhile (true) { }\n");
        using var child = new Child("run", file);
        child.WaitFor("spinning");
        child.Interrupt();
        Assert.That(child.Process.WaitForExit(30_000), Is.True);
        Assert.That(child.Process.ExitCode, Is.EqualTo(130));
    }
}
