// The classic Notebook UI with our kernel, as a person uses it: Debian's jupyter-notebook serving a temp copy of
// notebooks/ and scripts/, and tests/ui/notebook_ui.mjs clicking through steps 5 and 10, Interrupt, Restart and Tab in
// headless Chromium; then the server is stopped and no kernel process of it may be left.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Mnist.Scripting.Tests.Host;

[Category("Scripts")]
[NonParallelizable]
[Platform(Include = "Linux")]
public class NotebookUiTests
{
    const string Server = "/usr/bin/jupyter-notebook";
    const string Chromium = "/usr/bin/chromium";

    [Test]
    public void StepsFiveAndTenRunInTheBrowser()
    {
        if (!File.Exists(Server)) Requirements.Missing($"{Server} is not installed (Debian: apt-get install jupyter-notebook)");
        if (!File.Exists(Chromium)) Requirements.Missing($"{Chromium} is not installed (Debian: apt-get install chromium)");
        if (NodeMajor() < 20 || !Runs("npm", "--version"))
            Requirements.Missing("Node.js 20 or later with npm is not installed (playwright-core 1.65 runs on it; Debian " +
                "bookworm's nodejs is 18: use NodeSource's or a newer Debian's)");
        InstallPlaywright();

        var work = Directory.CreateTempSubdirectory("mnist-notebook-ui-").FullName;
        var runtime = Path.Combine(work, "runtime");
        var output = RepoPaths.Under("artifacts", "notebook-ui");
        Process? server = null;
        try
        {
            // The page autosaves, so it gets a copy; scripts/ beside notebooks/ keeps their #load "../scripts/..." valid.
            var tree = Path.Combine(work, "tree");
            CopyTree(RepoPaths.Under("notebooks"), Path.Combine(tree, "notebooks"));
            CopyTree(RepoPaths.Under("scripts"), Path.Combine(tree, "scripts"));
            var (code, log, _) = ChildProcess.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "mnist-scripting.dll"),
                "jupyter", "install", "--prefix", work], TimeSpan.FromSeconds(60));
            Assert.That(code, Is.Zero, log);
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);

            int port = FreePort();
            var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
            var serverLog = new StringBuilder();
            server = StartServer(work, tree, port, token, serverLog);
            var url = $"http://127.0.0.1:{port}";
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Add("Authorization", "token " + token);
            WaitForServer(http, url, server, serverLog);

            var clock = Stopwatch.StartNew();
            var (nodeCode, nodeOut, timedOut) = ChildProcess.Run("node", [RepoPaths.Under("tests", "ui", "notebook_ui.mjs"),
                "--url", url, "--token", token, "--out", output, "--chromium", Chromium], TimeSpan.FromMinutes(5));
            TestContext.Progress.WriteLine($"[Scripts] notebook UI, {clock.Elapsed.TotalSeconds:F0} s (screenshots in {output}):\n{nodeOut.TrimEnd()}");
            if (nodeCode != 0)
                foreach (var shot in Directory.Exists(output) ? Directory.GetFiles(output, "failed-*.png") : [])
                    TestContext.AddTestAttachment(shot);
            Assert.That(nodeCode, Is.Zero, $"{(timedOut ? "the browser test ran over 5 minutes" : "a check failed")}:\n{nodeOut}\nserver log:\n{Tail(serverLog)}");

            // Steps 5 and 10 each keep their kernel (the restarted one in step 5's case: the old process has gone).
            Assert.That(KernelsUnder(runtime), Has.Count.EqualTo(2), $"kernel processes of this server before it stops:\n{Tail(serverLog)}");
            using (var stop = http.PostAsync($"{url}/api/shutdown", null).Result)
                Assert.That(stop.IsSuccessStatusCode, Is.True, $"POST /api/shutdown answered {(int)stop.StatusCode}");
            Assert.That(server.WaitForExit(30_000), Is.True, $"the server did not stop within 30 s:\n{Tail(serverLog)}");
            var left = KernelsUnder(runtime);
            for (var deadline = DateTime.UtcNow.AddSeconds(15); left.Count > 0 && DateTime.UtcNow < deadline; left = KernelsUnder(runtime))
                Thread.Sleep(200);
            Assert.That(left, Is.Empty, $"kernel processes left after the server stopped:\n{Tail(serverLog)}");
        }
        finally
        {
            if (server is { HasExited: false }) server.Kill(entireProcessTree: true);
            foreach (var pid in KernelsUnder(runtime))
                try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
            server?.Dispose();
            Directory.Delete(work, recursive: true);
        }
    }

    // "v20.20.2" -> 20; 0 when node is missing.
    static int NodeMajor()
    {
        try
        {
            var (code, output, _) = ChildProcess.Run("node", ["--version"], TimeSpan.FromSeconds(30));
            return code == 0 && int.TryParse(output.Trim().TrimStart('v').Split('.')[0], out var major) ? major : 0;
        }
        catch (System.ComponentModel.Win32Exception) { return 0; } // not on PATH
    }

    static bool Runs(string file, params string[] args)
    {
        try { return ChildProcess.Run(file, args, TimeSpan.FromSeconds(30)).Code == 0; }
        catch (System.ComponentModel.Win32Exception) { return false; } // not on PATH
    }

    /// <summary>playwright-core into tests/ui/node_modules, from npm's cache if it can, else from the registry.</summary>
    static void InstallPlaywright()
    {
        var ui = RepoPaths.Under("tests", "ui");
        if (File.Exists(Path.Combine(ui, "node_modules", "playwright-core", "package.json"))) return;
        var (code, output, _) = ChildProcess.Run("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--prefix", ui], TimeSpan.FromMinutes(2));
        if (code != 0) (code, output, _) = ChildProcess.Run("npm", ["ci", "--no-audit", "--no-fund", "--prefix", ui], TimeSpan.FromMinutes(5));
        if (code != 0) Requirements.Missing($"playwright-core could not be installed (npm ci in tests/ui):\n{output}");
    }

    static Process StartServer(string work, string tree, int port, string token, StringBuilder log)
    {
        var info = new ProcessStartInfo(Server)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work,
        };
        // --allow-root: CI runs as root, where the server otherwise refuses to start; --port-retries=0: this port or fail.
        foreach (var a in new[] { "--no-browser", "--allow-root", "--ip=127.0.0.1", $"--port={port}", "--port-retries=0",
                     $"--NotebookApp.token={token}", $"--notebook-dir={tree}" })
            info.ArgumentList.Add(a);
        // Jupyter's folders all in the temp folder, so this machine's own configuration and kernels play no part.
        info.Environment["JUPYTER_PATH"] = Path.Combine(work, "share", "jupyter");
        info.Environment["JUPYTER_RUNTIME_DIR"] = Path.Combine(work, "runtime");
        info.Environment["JUPYTER_CONFIG_DIR"] = Path.Combine(work, "config");
        info.Environment["JUPYTER_DATA_DIR"] = Path.Combine(work, "data");
        info.Environment["MNIST_SCRIPTING_HOME"] = Path.Combine(work, "home");
        info.Environment[Mnist.Scripting.Dsl.DslOutput.PlotsVariable] = Path.Combine(work, "plots");
        if (RepoPaths.SharedData is { } shared) info.Environment["MNIST_SCRIPTING_MIRROR"] = shared;
        var p = Process.Start(info)!;
        DataReceivedEventHandler add = (_, e) => { if (e.Data is { } line) lock (log) log.AppendLine(line); };
        p.OutputDataReceived += add;
        p.ErrorDataReceived += add;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    static void WaitForServer(HttpClient http, string url, Process server, StringBuilder log)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; Thread.Sleep(250))
        {
            Assert.That(server.HasExited, Is.False, $"jupyter-notebook exited ({(server.HasExited ? server.ExitCode : 0)}):\n{Tail(log)}");
            try
            {
                using var status = http.GetAsync($"{url}/api/status").Result;
                if (status.IsSuccessStatusCode) return;
            }
            catch (AggregateException) { } // not listening yet
        }
        Assert.Fail($"jupyter-notebook did not answer on {url} within 60 s:\n{Tail(log)}");
    }

    /// <summary>The processes whose command line names a connection file in <paramref name="runtime"/>: this server's kernels.</summary>
    static List<int> KernelsUnder(string runtime)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try { if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(runtime + "/", StringComparison.Ordinal)) pids.Add(pid); }
            catch (IOException) { } // gone meanwhile
            catch (UnauthorizedAccessException) { }
        }
        return pids;
    }

    static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from))
            if (Path.GetFileName(dir) is not ("plots" or "bin" or "obj")) CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    static string Tail(StringBuilder log)
    {
        lock (log) return log.Length <= 4000 ? log.ToString() : log.ToString(log.Length - 4000, 4000);
    }
}
