// The F# kernel (`kernel --fsharp`) as a child process, driven by KernelClient: results printed as PyTorch prints
// them, streams, charts, the Learner's live table, errors with FS codes and cell positions, completion, inspection,
// is_complete, interrupt with values kept, #load and a kernel that survives bad cells. One kernel for the whole
// fixture (its start costs seconds); each test uses names of its own.
using System.Text.Json.Nodes;
using Mnist.Scripting.Host.Kernel;

namespace Mnist.Scripting.Tests.Host;

[NonParallelizable]
public class FSharpKernelTests
{
    KernelClient kernel = null!;

    [OneTimeSetUp]
    public void Start() => kernel = new KernelClient(fsharp: true);

    [OneTimeTearDown]
    public void Stop() => kernel.Dispose();

    static string Status(Message reply) => reply.Content["status"]!.GetValue<string>();

    static string Plain(Message m) => m.Content["data"]!["text/plain"]!.GetValue<string>();

    [Test]
    public void KernelInfoSaysFSharp()
    {
        kernel.SendShell("kernel_info_request", []);
        var info = kernel.ShellReply().Content["language_info"]!;
        Assert.That(info["name"]!.GetValue<string>(), Is.EqualTo("fsharp"));
        Assert.That(info["file_extension"]!.GetValue<string>(), Is.EqualTo(".fsx"));
        Assert.That(info["pygments_lexer"]!.GetValue<string>(), Is.EqualTo("fsharp"));
    }

    [Test]
    public void TrailingValuesShowAsPyTorchAndFSharpPrintThem()
    {
        Assert.That(kernel.Result("1 + 1"), Is.EqualTo("2"));
        Assert.That(kernel.Result("tensor [1.0; 2.0] * 2.0"), Is.EqualTo("tensor([2., 4.])"));
        Assert.That(kernel.Result("(tensor [[1.0; 2.0; 3.0]; [4.0; 5.0; 6.0]]).Shape"), Is.EqualTo("torch.Size([2, 3])"));
        var (_, printed) = kernel.Execute("printfn \"%A\" (Tensor.zeros [2; 3]).Shape");
        Assert.That(KernelClient.Streams(printed, "stdout"), Is.EqualTo("torch.Size([2, 3])\n"), "%A of a shape, not seq [2; 3]");
        Assert.That(kernel.Result("[1; 2] |> List.map (fun x -> x * 10)"), Is.EqualTo("[10; 20]"));
        Assert.That(kernel.Result("\"a\" + \"b\""), Is.EqualTo("\"ab\""));
        var (reply, outputs) = kernel.Execute("let boundOnly = 3");
        Assert.That(Status(reply), Is.EqualTo("ok"));
        Assert.That(outputs.Any(m => m.Type == "execute_result"), Is.False, "a binding shows nothing, as in C# cells");
        Assert.That(kernel.Result("boundOnly + 1"), Is.EqualTo("4"), "values persist between cells");
    }

    [Test]
    public void PrintfnStreamsToStdout()
    {
        var (reply, outputs) = kernel.Execute("printfn \"hello %d\" 42\neprintfn \"oops\"");
        Assert.That(Status(reply), Is.EqualTo("ok"));
        var stdout = KernelClient.Streams(outputs, "stdout");
        var stderr = KernelClient.Streams(outputs, "stderr");
        Assert.That(stdout, Is.EqualTo("hello 42\n"));
        Assert.That(stderr, Is.EqualTo("oops\n"));
        Assert.That(outputs.Any(m => m.Type == "execute_result"), Is.False, "unit shows nothing");
    }

    [Test]
    public void ChartsShowInlineAsPng()
    {
        var (reply, outputs) = kernel.Execute("plotFunction (fun x -> x ** 2.0) \"x\" \"x**2\"\nshowImage (Tensor.rand [28; 28])");
        Assert.That(Status(reply), Is.EqualTo("ok"), reply.Content.ToJsonString());
        var images = outputs.Where(m => m.Type == "display_data" && m.Content["data"]!["image/png"] is not null).ToList();
        Assert.That(images, Has.Count.EqualTo(2));
        foreach (var image in images)
        {
            var png = Convert.FromBase64String(image.Content["data"]!["image/png"]!.GetValue<string>());
            Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
        }
        Assert.That(outputs.Any(m => m.Type == "execute_result"), Is.False, "the chart functions return unit: nothing echoed as text");
    }

    [Test]
    public void LearnerTableGrowsInPlace()
    {
        var (reply, outputs) = kernel.Execute("""
            Tensor.manualSeed 0L
            let lx = Tensor.randn [64; 4]
            let ly = (lx.Sum(1, true) .> 0.0).Float()
            let ldl = new DataLoader(Dataset.Zip(lx, ly), batchSize = 16)
            let learn = learner (dataLoaders ldl ldl) (new Linear(4, 1)) Sgd.create Loss.mnistLoss [ Metrics.batchAccuracy ]
            fit 3 0.1 learn
            """);
        Assert.That(Status(reply), Is.EqualTo("ok"), reply.Content.ToJsonString());
        var first = outputs.First(m => m.Type == "display_data" && m.Content["transient"]?["display_id"] is not null);
        var id = first.Content["transient"]!["display_id"]!.GetValue<string>();
        var updates = outputs.Where(m => m.Type == "update_display_data" && m.Content["transient"]!["display_id"]!.GetValue<string>() == id).ToList();
        Assert.That(updates.Count, Is.GreaterThanOrEqualTo(3), "a row per epoch at least");
        var html = updates[^1].Content["data"]!["text/html"]!.GetValue<string>();
        Assert.That(html, Does.Contain("batch_accuracy"));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(html, "<tr>").Count, Is.EqualTo(3), "three epochs' rows");
    }

    [Test]
    public void CompileErrorNamesTheFSharpCodeAndPositionAndTheKernelGoesOn()
    {
        var (reply, outputs) = kernel.Execute("let good = 1\nlet bad: int = \"text\"");
        Assert.That(Status(reply), Is.EqualTo("error"));
        var evalue = reply.Content["evalue"]!.GetValue<string>();
        Assert.That(evalue, Does.StartWith("(cell)(2,16): error FS0001:"));
        Assert.That(outputs.Any(m => m.Type == "error"), Is.True);
        Assert.That(kernel.Result("41 + 1"), Is.EqualTo("42"));
    }

    [Test]
    public void WarningsGoToStderrAndTheCellRuns()
    {
        var (reply, outputs) = kernel.Execute("let warned () =\n    1 + 1\n    5\nlet afterWarning = warned ()");
        Assert.That(Status(reply), Is.EqualTo("ok"));
        var stderr = KernelClient.Streams(outputs);
        Assert.That(stderr, Does.Contain("(cell)(2,5): warning FS0020"));
        Assert.That(kernel.Result("afterWarning"), Is.EqualTo("5"));
    }

    [Test]
    public void ExceptionsAndShapeErrorsAreErrorsWithTheirMessage()
    {
        var (reply, _) = kernel.Execute("let explode () : int = invalidOp \"boom\"\nexplode ()");
        Assert.That(Status(reply), Is.EqualTo("error"));
        Assert.That(reply.Content["ename"]!.GetValue<string>(), Is.EqualTo("InvalidOperationException"));
        Assert.That(reply.Content["evalue"]!.GetValue<string>(), Is.EqualTo("boom"));
        var traceback = string.Join("\n", reply.Content["traceback"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.That(traceback, Does.Match(@"\(cell\):[12]\b"), "a frame in the cell, with its line");
        (reply, _) = kernel.Execute("(Tensor.ones [2; 3]).MatMul(Tensor.ones [2; 3])");
        Assert.That(Status(reply), Is.EqualTo("error"));
        Assert.That(reply.Content["evalue"]!.GetValue<string>(), Does.Contain("2x3 and 2x3"));
        Assert.That(kernel.Result("2 * 21"), Is.EqualTo("42"));
    }

    [Test]
    public void ExitInACellEndsTheProcessWithItsCode()
    {
        // As ipykernel's exit(): the process ends and the client's manager starts a fresh one (as after a restart,
        // which this fixture's own start shows works); it must not hang or linger.
        using var doomed = new KernelClient(fsharp: true);
        Assert.That(doomed.Result("let before = 1\nbefore"), Is.EqualTo("1"));
        doomed.SendExecute("printfn \"bye\"\nexit 3");
        Assert.That(doomed.Process.WaitForExit(15_000), Is.True, "exit 3 should end the kernel process");
        Assert.That(doomed.Process.ExitCode, Is.EqualTo(3), "with the cell's exit code");
    }

    [Test]
    public void InterruptStopsAnEndlessLoopAndKeepsValues()
    {
        kernel.Execute("let mutable spins = 0\nlet keptValue = 41");
        var id = kernel.SendShell("execute_request", new JsonObject { ["code"] = "while true do spins <- spins + 1", ["silent"] = false });
        Thread.Sleep(1500);
        kernel.Interrupt(id);
        Assert.That(kernel.Result("keptValue + 1"), Is.EqualTo("42"));
        Assert.That(kernel.Result("spins"), Is.Not.EqualTo("0"), "the loop ran, and its variable is still there");
    }

    [Test]
    public void CompletionListsMembersOfTheSessionsValues()
    {
        kernel.Execute("let completeMe = tensor [1.0; 2.0]");
        var code = "completeMe.RequiresG";
        kernel.SendShell("complete_request", new JsonObject { ["code"] = code, ["cursor_pos"] = code.Length });
        var reply = kernel.ShellReply();
        var matches = reply.Content["matches"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.That(matches, Does.Contain("RequiresGrad"));
        Assert.That(reply.Content["cursor_start"]!.GetValue<int>(), Is.EqualTo("completeMe.".Length));
        code = "Tensor.li";
        kernel.SendShell("complete_request", new JsonObject { ["code"] = code, ["cursor_pos"] = code.Length });
        matches = kernel.ShellReply().Content["matches"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.That(matches, Does.Contain("linspace"), "the F# module's functions");
    }

    [Test]
    public void InspectShowsTheSignatureAndDocSummary()
    {
        var code = "Tensor.linspace";
        kernel.SendShell("inspect_request", new JsonObject { ["code"] = code, ["cursor_pos"] = code.Length, ["detail_level"] = 0 });
        var reply = kernel.ShellReply();
        Assert.That(reply.Content["found"]!.GetValue<bool>(), Is.True);
        var text = reply.Content["data"]!["text/plain"]!.GetValue<string>();
        Assert.That(text, Does.Contain("linspace"));
        Assert.That(text, Does.Contain("float"));
    }

    [TestCase("let x = 1", "complete")]
    [TestCase("let f x =", "incomplete")]
    [TestCase("[1; 2", "incomplete")]
    [TestCase("let = 1", "invalid")]
    public void IsCompleteTellsCellsApart(string code, string status)
    {
        kernel.SendShell("is_complete_request", new JsonObject { ["code"] = code });
        Assert.That(kernel.ShellReply().Content["status"]!.GetValue<string>(), Is.EqualTo(status));
    }

    [Test]
    public void LoadRunsAScriptFromTheWorkingFolder()
    {
        var dir = Directory.CreateTempSubdirectory("fsload").FullName;
        File.WriteAllText(Path.Combine(dir, "helper.fsx"), "module Helper\nlet answer () = 42\n");
        Assert.That(kernel.Result($"#load @\"{Path.Combine(dir, "helper.fsx")}\"\nHelper.answer ()"), Is.EqualTo("42"));
    }
}
