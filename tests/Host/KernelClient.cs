// A Jupyter client of our own over NetMQ for the kernel tests: starts `dotnet mnist-scripting.dll kernel [--fsharp] FILE` on free
// ports with a random key, signs what it sends with the host's Wire, and gathers a request's iopub messages until idle.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Mnist.Scripting.Host.Kernel;
using NetMQ;
using NetMQ.Sockets;

namespace Mnist.Scripting.Tests.Host;

internal sealed class KernelClient : IDisposable
{
    public Process Process { get; }
    public Wire Wire { get; }
    public string PlotFolder { get; }
    readonly DealerSocket shell = new(), control = new(), stdin = new();
    readonly SubscriberSocket iopub = new();
    readonly StringBuilder stderr = new();
    readonly List<Message> early = []; // iopub messages read while waiting for another request's

    /// <summary>What the kernel wrote to its own stderr (its log).</summary>
    public string Stderr { get { lock (stderr) return stderr.ToString(); } }

    public KernelClient(bool fsharp = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var key = Guid.NewGuid().ToString();
        Wire = new Wire(key);
        var dir = Directory.CreateTempSubdirectory("kernel").FullName;
        PlotFolder = Path.Combine(dir, "plots");
        var file = Path.Combine(dir, "connection.json");
        var ports = WriteConnectionFile(file, key);
        var dll = Path.Combine(AppContext.BaseDirectory, "mnist-scripting.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = dir };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("kernel");
        if (fsharp) info.ArgumentList.Add("--fsharp");
        info.ArgumentList.Add(file);
        info.Environment["MNIST_SCRIPTING_PLOTS"] = PlotFolder;
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        Process = Process.Start(info)!;
        Process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        Process.BeginErrorReadLine();
        Process.BeginOutputReadLine();
        // The stdin channel shares the shell's identity, as jupyter_client's do: input_request is routed by it.
        var identity = Guid.NewGuid().ToByteArray();
        shell.Options.Identity = identity;
        stdin.Options.Identity = identity;
        shell.Connect($"tcp://127.0.0.1:{ports[0]}");
        stdin.Connect($"tcp://127.0.0.1:{ports[2]}");
        control.Connect($"tcp://127.0.0.1:{ports[1]}");
        iopub.Connect($"tcp://127.0.0.1:{ports[3]}");
        iopub.SubscribeToAnyTopic();
        WaitForReady();
    }

    /// <summary>A connection file on free loopback ports (shell, control, stdin, iopub, heartbeat, in that order).</summary>
    public static int[] WriteConnectionFile(string file, string key)
    {
        var ports = Enumerable.Range(0, 5).Select(_ => FreePort()).ToArray();
        File.WriteAllText(file, new JsonObject
        {
            ["transport"] = "tcp", ["ip"] = "127.0.0.1", ["shell_port"] = ports[0], ["control_port"] = ports[1],
            ["stdin_port"] = ports[2], ["iopub_port"] = ports[3], ["hb_port"] = ports[4],
            ["key"] = key, ["signature_scheme"] = "hmac-sha256",
        }.ToJsonString());
        return ports;
    }

    static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    // PUB/SUB drops messages until the subscription has reached the kernel: ask for kernel_info until iopub answers.
    void WaitForReady()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.That(Process.HasExited, Is.False, "the kernel exited: " + Stderr);
            var id = Send(shell, "kernel_info_request", []);
            var reply = Receive(shell, TimeSpan.FromSeconds(30));
            Assert.That(reply?.Type, Is.EqualTo("kernel_info_reply"));
            if (TryIopub(m => ParentId(m) == id, TimeSpan.FromMilliseconds(300)) is not null)
            {
                DrainIopub(TimeSpan.FromMilliseconds(100));
                return;
            }
        }
        Assert.Fail("the kernel's iopub never answered");
    }

    public static string? ParentId(Message m) => m.ParentHeader["msg_id"]?.GetValue<string>();

    /// <summary>Sends a signed request; returns its msg_id.</summary>
    public string Send(NetMQSocket socket, string type, JsonObject content)
    {
        var frames = Wire.Build(type, content, parent: null, identities: []);
        var id = JsonNode.Parse(frames[2].ConvertToString())!["msg_id"]!.GetValue<string>();
        socket.SendMultipartMessage(frames);
        return id;
    }

    public string SendShell(string type, JsonObject content) => Send(shell, type, content);
    public string SendControl(string type, JsonObject content) => Send(control, type, content);
    public string SendStdin(string type, JsonObject content) => Send(stdin, type, content);

    /// <summary>The next message the kernel sent on the stdin channel (an input_request), or null.</summary>
    public Message? StdinRequest(TimeSpan timeout) => Receive(stdin, timeout);

    /// <summary>Raw frames, for the bad-signature test.</summary>
    public void SendShellFrames(NetMQMessage frames) => shell.SendMultipartMessage(frames);

    public Message? Receive(NetMQSocket socket, TimeSpan timeout)
    {
        NetMQMessage? frames = null;
        return socket.TryReceiveMultipartMessage(timeout, ref frames) ? Wire.Read(frames, out _) : null;
    }

    public Message ShellReply(TimeSpan? timeout = null)
        => Receive(shell, timeout ?? TimeSpan.FromSeconds(60)) ?? throw new TimeoutException("no shell reply");

    public Message ControlReply(TimeSpan? timeout = null)
        => Receive(control, timeout ?? TimeSpan.FromSeconds(30)) ?? throw new TimeoutException("no control reply");

    Message? TryIopub(Func<Message, bool> match, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
            if (Receive(iopub, TimeSpan.FromMilliseconds(50)) is { } m)
            {
                if (match(m)) return m;
                early.Add(m);
            }
        return null;
    }

    void DrainIopub(TimeSpan quiet) { while (Receive(iopub, quiet) is not null) { } early.Clear(); }

    /// <summary>The iopub messages of request <paramref name="id"/> between busy and idle (both excluded).</summary>
    public List<Message> Outputs(string id, TimeSpan? timeout = null)
    {
        var result = new List<Message>();
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        bool busy = false;
        while (true)
        {
            Message? m = early.FirstOrDefault(e => ParentId(e) == id);
            if (m is not null) early.Remove(m);
            else m = TryIopub(x => ParentId(x) == id, limit - clock.Elapsed) ?? throw new TimeoutException($"request {id}: no idle on iopub");
            if (m.Type == "status")
            {
                var state = m.Content["execution_state"]!.GetValue<string>();
                if (state == "busy") { Assert.That(busy, Is.False, "one busy per request"); busy = true; continue; }
                Assert.That(busy, Is.True, "busy comes before idle");
                return result;
            }
            Assert.That(busy, Is.True, $"{m.Type} came before busy");
            result.Add(m);
        }
    }

    /// <summary>Runs a cell: its execute_reply and its outputs (execute_input left out).</summary>
    public (Message Reply, List<Message> Outputs) Execute(string code, bool stopOnError = true)
    {
        var id = SendExecute(code, stopOnError);
        var reply = ShellReply();
        Assert.That(ParentId(reply), Is.EqualTo(id));
        return (reply, Outputs(id).Where(m => m.Type != "execute_input").ToList());
    }

    /// <summary>Sends an execute_request; returns its msg_id.</summary>
    public string SendExecute(string code, bool stopOnError = true, bool allowStdin = false) => SendShell("execute_request", new JsonObject
    {
        ["code"] = code, ["silent"] = false, ["store_history"] = true, ["user_expressions"] = new JsonObject(),
        ["allow_stdin"] = allowStdin, ["stop_on_error"] = stopOnError,
    });

    /// <summary>The text/plain of a cell's execute_result (fails when there is none).</summary>
    public string Result(string code)
    {
        var (reply, outputs) = Execute(code);
        Assert.That(reply.Content["status"]!.GetValue<string>(), Is.EqualTo("ok"), reply.Content.ToJsonString());
        return ResultText(outputs);
    }

    /// <summary>The text/plain of the one execute_result among a cell's outputs (fails when there is none).</summary>
    public static string ResultText(List<Message> outputs)
        => outputs.Single(m => m.Type == "execute_result").Content["data"]!["text/plain"]!.GetValue<string>();

    /// <summary>The text of a cell's stream outputs, in order: one stream's, or both when <paramref name="name"/> is null.</summary>
    public static string Streams(List<Message> outputs, string? name = null)
        => string.Concat(outputs.Where(m => m.Type == "stream" && (name is null || m.Content["name"]!.GetValue<string>() == name))
            .Select(m => m.Content["text"]!.GetValue<string>()));

    /// <summary>Interrupts running cell <paramref name="id"/> from the control channel: checks the interrupt_reply and that
    /// the cell's own reply is a KeyboardInterrupt; returns that reply and the cell's outputs (read to idle).</summary>
    public (Message Reply, List<Message> Outputs) Interrupt(string id)
    {
        SendControl("interrupt_request", []);
        Assert.That(ControlReply().Type, Is.EqualTo("interrupt_reply"));
        var reply = ShellReply(TimeSpan.FromSeconds(20));
        Assert.That(ParentId(reply), Is.EqualTo(id));
        Assert.That(reply.Content["ename"]!.GetValue<string>(), Is.EqualTo("KeyboardInterrupt"));
        return (reply, Outputs(id));
    }

    public void Dispose()
    {
        shell.Dispose();
        control.Dispose();
        stdin.Dispose();
        iopub.Dispose();
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit(5000);
        }
        Process.Dispose();
    }
}
