// `mnist-scripting kernel [--fsharp] CONNECTION_FILE`: a Jupyter kernel for C# or F# cells (ICellLanguage), with one wire
// layer for both. Shell and control requests go through one dispatch table;
// busy/idle is published around every request in one place (Dispatch); cells run on the shell thread while the control
// thread stays free for interrupt and shutdown; the heartbeat echoes on its own thread.
using System.Text.Json.Nodes;
using Mnist.Scripting.Dsl;
using Mnist.Scripting.Training;
using NetMQ;
using NetMQ.Sockets;

namespace Mnist.Scripting.Host.Kernel;

/// <summary>A kernel bound to the five sockets of a connection file.</summary>
public sealed partial class KernelServer : IDisposable
{
    readonly Wire wire;
    readonly RouterSocket shell = new(), control = new(), stdin = new();
    readonly PublisherSocket iopub = new();
    readonly ResponseSocket heartbeat = new();
    readonly Lock iopubGate = new();
    readonly Dictionary<string, Action<Message, NetMQSocket>> handlers;
    readonly TextWriter log;
    readonly OutputStream stdout, stderr;
    readonly StdinReader input;
    readonly ICellLanguage language;
    // The warm-up compile. Cells and completions wait for it: compiling beside it raced, and a cell's variables then
    // came from another load of the engine ("operator '+' cannot be applied to operands of type 'Tensor' and 'Tensor'").
    Task warming = Task.CompletedTask;
    volatile Message? parent;   // the request that output belongs to
    volatile bool stopping;
    volatile bool running;      // a cell is running on the shell thread
    volatile bool asking;       // ... and waits for the user's input_reply (AskUser)

    internal KernelServer(ConnectionFile connection, TextWriter log, ICellLanguage language)
    {
        this.language = language;
        this.log = log;
        wire = new Wire(connection.Key, connection.SignatureScheme);
        shell.Bind(connection.Address(connection.ShellPort));
        control.Bind(connection.Address(connection.ControlPort));
        stdin.Bind(connection.Address(connection.StdinPort));
        iopub.Bind(connection.Address(connection.IopubPort));
        heartbeat.Bind(connection.Address(connection.HeartbeatPort));
        stdout = new OutputStream("stdout", SendStream);
        stderr = new OutputStream("stderr", SendStream);
        input = new StdinReader(AskUser);
        handlers = new()
        {
            ["kernel_info_request"] = KernelInfo,
            ["execute_request"] = Execute,
            ["complete_request"] = Complete,
            ["inspect_request"] = Inspect,
            ["is_complete_request"] = IsComplete,
            ["history_request"] = History,
            ["comm_info_request"] = CommInfo,
            ["comm_open"] = CommOpen,
            ["comm_msg"] = (_, _) => { },
            ["comm_close"] = (_, _) => { },
            ["interrupt_request"] = InterruptCell,
            ["shutdown_request"] = Shutdown,
        };
    }

    /// <summary>Runs `kernel [--fsharp] CONNECTION_FILE`: serves until a shutdown request. Returns the exit code.</summary>
    public static int Start(string connectionFile, bool fsharp = false)
    {
        var log = Console.Error;
        ConnectionFile connection;
        try { connection = ConnectionFile.Load(connectionFile); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidDataException)
        {
            log.WriteLine($"mnist-scripting kernel: cannot read connection file '{connectionFile}': {e.Message}");
            return 1;
        }
        // The F# session lives in a class of its own so that the C# kernel never loads the F# compiler.
        using var server = new KernelServer(connection, log, fsharp ? new FSharpLanguage() : new CSharpLanguage());
        return server.Serve();
    }

    /// <summary>Serves requests until shutdown.</summary>
    public int Serve()
    {
        // An orphan exits at once, as ipykernel's does: nothing it holds can reach a user any more.
        ParentWatch.Start(why =>
        {
            log.WriteLine($"mnist-scripting kernel: {why}; exiting");
            Environment.Exit(1);
        });
        Console.SetOut(stdout);
        Console.SetError(stderr);
        Console.SetIn(input);
        DslOutput.Ansi = false;
        DslOutput.Shown += ShowChart;
        DslOutput.Displayer = Display;
        DslOutput.Shower = Show;
        // Learner.Fit shows fastai's table growing in place under the cell, with a bar for the running phase.
        var terminalFit = FitDisplays.Live;
        FitDisplays.Live = learn => learn.Progress == ProgressMode.Off ? null : new NotebookFitDisplay((type, content) =>
        {
            FlushStreams();
            Publish(type, content, parent);
        });
        using var flusher = new Timer(_ => FlushStreams(), null, 50, 50);
        var threads = new[] { new Thread(HeartbeatLoop) { IsBackground = true, Name = "heartbeat" },
                              new Thread(() => Loop(control)) { IsBackground = true, Name = "control" } };
        foreach (var t in threads) t.Start();
        // Warm the compiler while the client connects (as the REPL does).
        warming = Task.Run(() =>
        {
            try { language.WarmUp(); }
            // Warming is best effort, but a failure is worth a line: the first cell would fail the same way.
            catch (Exception e) { log.WriteLine($"mnist-scripting kernel: warm-up compile failed: {e.Message}"); }
        });
        Loop(shell);
        foreach (var t in threads) t.Join(1000);
        FlushStreams();
        DslOutput.Shown -= ShowChart;
        DslOutput.Displayer = null;
        DslOutput.Shower = null;
        FitDisplays.Live = terminalFit;
        return 0;
    }

    void Loop(NetMQSocket socket)
    {
        NetMQMessage? frames = null;
        while (!stopping)
            if (socket.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(100), ref frames)) Dispatch(socket, frames);
    }

    void HeartbeatLoop()
    {
        while (!stopping)
            if (heartbeat.TryReceiveFrameBytes(TimeSpan.FromMilliseconds(100), out var ping, out var more))
                heartbeat.SendFrame(ping, more);
    }

    /// <summary>Verifies, publishes busy, runs the handler, publishes idle: the one place status is sent.</summary>
    void Dispatch(NetMQSocket socket, NetMQMessage frames, bool aborting = false)
    {
        var msg = wire.Read(frames, out var error);
        if (msg is null)
        {
            log.WriteLine($"mnist-scripting kernel: dropped a message: {error}");
            return;
        }
        Publish("status", new JsonObject { ["execution_state"] = "busy" }, msg);
        try
        {
            if (aborting && msg.Type == "execute_request")
                // No execution_count, as ipykernel: the notebook then leaves the skipped cell at "In [ ]", not numbered as run.
                Reply(socket, msg, new JsonObject { ["status"] = "aborted" });
            else if (handlers.TryGetValue(msg.Type, out var handler)) handler(msg, socket);
            else log.WriteLine($"mnist-scripting kernel: unknown message type '{msg.Type}'");
        }
        catch (Exception e)
        {
            // The client waits for a reply to every request: send one that says what failed.
            log.WriteLine($"mnist-scripting kernel: {msg.Type} failed: {e}");
            if (msg.Type.EndsWith("_request", StringComparison.Ordinal))
                Reply(socket, msg, new JsonObject
                {
                    ["status"] = "error", ["ename"] = e.GetType().Name, ["evalue"] = e.Message,
                    ["traceback"] = new JsonArray($"{e.GetType().Name}: {e.Message} (while serving {msg.Type})"),
                });
        }
        finally
        {
            FlushStreams();
            Publish("status", new JsonObject { ["execution_state"] = "idle" }, msg);
        }
    }

    /// <summary>After an error with stop_on_error, the requests already queued on the shell (taken before the error reply
    /// goes out, so nothing sent in answer to it is caught) are answered without running their code, status aborted, as
    /// ipykernel does; other request types are served as usual.</summary>
    List<NetMQMessage> TakeQueued(NetMQSocket socket)
    {
        var queued = new List<NetMQMessage>();
        NetMQMessage? frames = null;
        while (socket.TryReceiveMultipartMessage(TimeSpan.Zero, ref frames)) { queued.Add(frames); frames = null; }
        return queued;
    }

    void Abort(NetMQSocket socket, List<NetMQMessage> queued)
    {
        foreach (var frames in queued) Dispatch(socket, frames, aborting: true);
    }

    void Publish(string type, JsonObject content, Message? about)
    {
        var frames = wire.Build(type, content, about, identities: [System.Text.Encoding.UTF8.GetBytes(type)]);
        lock (iopubGate) iopub.SendMultipartMessage(frames);
    }

    /// <summary>Answers on the socket the request came from: execute_request gets execute_reply, etc.</summary>
    void Reply(NetMQSocket socket, Message request, JsonObject content)
        => socket.SendMultipartMessage(wire.Build(request.Type.Replace("_request", "_reply"), content, request));

    void SendStream(string name, string text)
        => Publish("stream", new JsonObject { ["name"] = name, ["text"] = text }, parent);

    /// <summary>Asks the client of the running cell for a line (input_request on stdin, to the identity of the shell
    /// request, as jupyter_client's channels share one) and waits for its input_reply. While it waits, an interrupt
    /// only sets the flag polled here (InterruptCell), so the F# kernel never aborts the thread inside NetMQ.</summary>
    string AskUser(string prompt)
    {
        var about = parent ?? throw new InvalidOperationException("Console input outside a cell");
        FlushStreams();
        asking = true;
        try
        {
            NetMQMessage? frames = null;
            while (stdin.TryReceiveMultipartMessage(TimeSpan.Zero, ref frames)) frames = null; // a reply nobody waited for
            stdin.SendMultipartMessage(wire.Build("input_request", new JsonObject { ["prompt"] = prompt, ["password"] = false }, about));
            while (true)
            {
                if (Mnist.Scripting.Host.Interrupt.Requested || stopping) throw new KeyboardInterruptException();
                if (!stdin.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(50), ref frames)) continue;
                var reply = wire.Read(frames, out var error);
                frames = null;
                if (reply?.Type == "input_reply") return reply.Content["value"]?.GetValue<string>() ?? "";
                log.WriteLine($"mnist-scripting kernel: dropped a message on stdin: {error ?? reply?.Type}");
            }
        }
        finally { asking = false; }
    }

    void FlushStreams()
    {
        stdout.Flush();
        stderr.Flush();
    }

    public void Dispose()
    {
        foreach (var s in new NetMQSocket[] { shell, control, stdin, iopub, heartbeat })
        {
            s.Options.Linger = TimeSpan.FromMilliseconds(500);
            s.Dispose();
        }
        NetMQConfig.Cleanup(block: false);
    }
}
