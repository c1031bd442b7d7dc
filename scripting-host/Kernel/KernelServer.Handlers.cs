// The handlers of the dispatch table, one per request type; none publishes status (Dispatch does).
using System.Text.Json.Nodes;
using Mnist.Scripting.Dsl;

namespace Mnist.Scripting.Host.Kernel;

public sealed partial class KernelServer
{
    int executionCount;
    readonly List<(int Line, string Code, string? Output)> history = [];

    static bool Flag(JsonObject content, string name, bool otherwise)
        => content[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : otherwise;

    static string Text(JsonObject content, string name) => content[name]?.GetValue<string>() ?? "";

    static int Int(JsonObject content, string name) => content[name] is JsonValue v && v.TryGetValue<int>(out var i) ? i : 0;

    void KernelInfo(Message msg, NetMQ.NetMQSocket socket) => Reply(socket, msg, new JsonObject
    {
        ["status"] = "ok",
        ["protocol_version"] = "5.3",
        ["implementation"] = "mnist-scripting",
        ["implementation_version"] = typeof(KernelServer).Assembly.GetName().Version?.ToString(3) ?? "1.0.0",
        ["language_info"] = language.LanguageInfo,
        ["banner"] = language.Banner,
        ["help_links"] = new JsonArray(
            new JsonObject { ["text"] = "fastbook chapter 4", ["url"] = "https://github.com/fastai/fastbook/blob/master/04_mnist_basics.ipynb" },
            new JsonObject { ["text"] = language.HelpLink.Text, ["url"] = language.HelpLink.Url }),
    });

    void Execute(Message msg, NetMQ.NetMQSocket socket)
    {
        var code = Text(msg.Content, "code");
        var silent = Flag(msg.Content, "silent", false);
        var storeHistory = !silent && Flag(msg.Content, "store_history", true);
        var stopOnError = Flag(msg.Content, "stop_on_error", true);
        if (storeHistory) executionCount++;
        var count = executionCount;
        if (!silent) Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count }, msg);

        parent = msg;
        input.Begin(allowStdin: !silent && Flag(msg.Content, "allow_stdin", false));
        // From here an interrupt_request stops this cell: cleared before the warm-up wait and the compile, not after.
        Interrupt.Reset();
        running = true;
        warming.Wait();
        CellOutcome outcome;
        try { outcome = language.Run(code); }
        finally { running = false; }
        FlushStreams();

        if (storeHistory) history.Add((count, code, outcome.Text));
        if (outcome.Ok)
        {
            if (!silent && outcome.Text is { } text)
                Publish("execute_result", new JsonObject
                {
                    ["execution_count"] = count,
                    ["data"] = new JsonObject { ["text/plain"] = text },
                    ["metadata"] = new JsonObject(),
                }, msg);
            Reply(socket, msg, new JsonObject
            {
                ["status"] = "ok", ["execution_count"] = count,
                ["user_expressions"] = new JsonObject(), ["payload"] = new JsonArray(),
            });
            return;
        }
        JsonObject Error() => new()
        {
            ["ename"] = outcome.EName, ["evalue"] = outcome.EValue,
            ["traceback"] = new JsonArray([.. (outcome.Traceback ?? []).Select(l => (JsonNode?)JsonValue.Create(l))]),
        };
        if (!silent) Publish("error", Error(), msg);
        var reply = Error();
        reply["status"] = "error";
        reply["execution_count"] = count;
        var queued = stopOnError ? TakeQueued(socket) : [];
        Reply(socket, msg, reply);
        Abort(socket, queued);
    }

    void Complete(Message msg, NetMQ.NetMQSocket socket)
    {
        warming.Wait();
        var code = Text(msg.Content, "code");
        var cursor = Math.Clamp(Int(msg.Content, "cursor_pos"), 0, code.Length);
        var (start, items) = language.Complete(code, cursor);
        Reply(socket, msg, new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray([.. items.Select(i => (JsonNode?)JsonValue.Create(i))]),
            ["cursor_start"] = start, ["cursor_end"] = cursor, ["metadata"] = new JsonObject(),
        });
    }

    void Inspect(Message msg, NetMQ.NetMQSocket socket)
    {
        warming.Wait();
        var code = Text(msg.Content, "code");
        var cursor = Math.Clamp(Int(msg.Content, "cursor_pos"), 0, code.Length);
        var found = language.Inspect(code, cursor);
        Reply(socket, msg, new JsonObject
        {
            ["status"] = "ok", ["found"] = found is not null,
            ["data"] = found is null ? new JsonObject() : new JsonObject { ["text/plain"] = found },
            ["metadata"] = new JsonObject(),
        });
    }

    void IsComplete(Message msg, NetMQ.NetMQSocket socket)
    {
        warming.Wait();
        var (status, indent) = language.IsComplete(Text(msg.Content, "code"));
        var reply = new JsonObject { ["status"] = status };
        if (status == "incomplete") reply["indent"] = indent;
        Reply(socket, msg, reply);
    }

    /// <summary>This session's cells (tail and range; search is not kept): [session, line, code or [code, output]].</summary>
    void History(Message msg, NetMQ.NetMQSocket socket)
    {
        var output = Flag(msg.Content, "output", false);
        IEnumerable<(int Line, string Code, string? Output)> items = history;
        switch (Text(msg.Content, "hist_access_type"))
        {
            case "tail": items = history.TakeLast(Math.Max(Int(msg.Content, "n"), 0)); break;
            case "range":
                var (start, stop) = (Int(msg.Content, "start"), Int(msg.Content, "stop"));
                items = history.Where(h => h.Line >= start && (stop <= 0 || h.Line < stop)); break;
            default: items = []; break;
        }
        JsonNode Entry((int Line, string Code, string? Output) h) => new JsonArray(0, h.Line,
            output ? new JsonArray(h.Code, h.Output) : JsonValue.Create(h.Code));
        Reply(socket, msg, new JsonObject { ["status"] = "ok", ["history"] = new JsonArray([.. items.Select(Entry)]) });
    }

    void CommInfo(Message msg, NetMQ.NetMQSocket socket)
        => Reply(socket, msg, new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() });

    /// <summary>This kernel has no comm targets (no widgets): a comm the front end opens (the notebook page opens one when
    /// it connects) is closed at once, as ipykernel closes one it has no target for.</summary>
    void CommOpen(Message msg, NetMQ.NetMQSocket socket)
        => Publish("comm_close", new JsonObject { ["comm_id"] = Text(msg.Content, "comm_id"), ["data"] = new JsonObject() }, msg);

    /// <summary>Like Ctrl-C in the REPL: the running cell stops at its next loop iteration, variables kept.</summary>
    void InterruptCell(Message msg, NetMQ.NetMQSocket socket)
    {
        StopCell();
        Reply(socket, msg, new JsonObject { ["status"] = "ok" });
    }

    // A cell waiting for input stops at the flag AskUser polls; the language's own stop (an F# cell's thread is aborted)
    // is for cells that compute.
    void StopCell()
    {
        if (asking) Mnist.Scripting.Host.Interrupt.Request();
        else if (running) language.Interrupt();
    }

    /// <summary>The kernel replies, stops serving and exits, restart or not (the client's manager starts a fresh one).</summary>
    void Shutdown(Message msg, NetMQ.NetMQSocket socket)
    {
        // Restart or not, the process ends, as ipykernel's does: Jupyter's kernel manager then starts a fresh one at once
        // (it waits for, and finally kills, a kernel that stays up after a restart request).
        var restart = Flag(msg.Content, "restart", false);
        StopCell();
        Reply(socket, msg, new JsonObject { ["status"] = "ok", ["restart"] = restart });
        stopping = true;
        // A cell stuck in one long call cannot see the interrupt: give it two seconds, then end the process.
        _ = Task.Delay(2000).ContinueWith(_ => { if (running) Environment.Exit(0); });
    }

    /// <summary>A chart the cell saved: its PNG as display_data (after the text printed before it).</summary>
    void ShowChart(Chart chart)
    {
        FlushStreams();
        Publish("display_data", ChartBundle(chart), parent);
    }

    static JsonObject ChartBundle(Chart chart) => new()
    {
        ["data"] = chart.Html is { } html
            // Notebooks prefer the HTML (ShowHeatmap's table, as pandas shows it); the PNG stays for other front ends.
            ? new JsonObject { ["text/html"] = html, ["image/png"] = Convert.ToBase64String(File.ReadAllBytes(chart.Path)), ["text/plain"] = chart.Path }
            : new JsonObject { ["image/png"] = Convert.ToBase64String(File.ReadAllBytes(chart.Path)), ["text/plain"] = chart.Path },
        ["metadata"] = new JsonObject
        {
            ["image/png"] = new JsonObject { ["width"] = chart.Width, ["height"] = chart.Height },
        },
        ["transient"] = new JsonObject(),
    };

    /// <summary>
    /// Prelude.Show(name, value): the value as a cell result, with the report in the display's metadata
    /// (metadata.mnist_scripting.report = {name, value}), where the notebook check reads it.
    /// </summary>
    void Show(object value, string name, string report)
    {
        FlushStreams();
        Publish("display_data", new JsonObject
        {
            ["data"] = new JsonObject { ["text/plain"] = ValueFormatter.Format(value, nested: false) },
            ["metadata"] = new JsonObject { ["mnist_scripting"] = new JsonObject { ["report"] = new JsonObject { ["name"] = name, ["value"] = report } } },
            ["transient"] = new JsonObject(),
        }, parent);
    }

    /// <summary>Prelude.Display(value): charts as PNG, anything else as the REPL shows it.</summary>
    void Display(object? value)
    {
        FlushStreams();
        var bundle = value is Chart chart ? ChartBundle(chart) : new JsonObject
        {
            ["data"] = new JsonObject { ["text/plain"] = value is null ? "null" : ValueFormatter.Format(value, nested: false) },
            ["metadata"] = new JsonObject(), ["transient"] = new JsonObject(),
        };
        Publish("display_data", bundle, parent);
    }
}
