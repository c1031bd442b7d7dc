// The Jupyter kernel as a child process, driven by KernelClient over NetMQ: signing, interrupt, restart, shutdown,
// charts, streaming, errors and stop_on_error.
using System.Text.Json.Nodes;
using Mnist.Scripting.Host.Kernel;
using NetMQ;

namespace Mnist.Scripting.Tests.Host;

[NonParallelizable]
public class KernelTests
{
    static string Status(Message reply) => reply.Content["status"]!.GetValue<string>();

    [Test]
    public void BadSignatureIsDroppedNotExecuted()
    {
        using var kernel = new KernelClient();
        var marker = Path.Combine(kernel.PlotFolder, "..", "ran.txt");
        var frames = kernel.Wire.Build("execute_request", new JsonObject
        {
            ["code"] = $"File.WriteAllText(@\"{marker}\", \"x\");", ["silent"] = false,
        }, parent: null, identities: []);
        var forged = new NetMQMessage();
        for (int i = 0; i < frames.FrameCount; i++)
            forged.Append(i == 1 ? "0000000000000000000000000000000000000000000000000000000000000000"u8.ToArray() : frames[i].ToByteArray());
        kernel.SendShellFrames(forged);
        Assert.That(kernel.Result("1+1"), Is.EqualTo("2"), "the kernel keeps serving signed requests");
        Assert.That(File.Exists(marker), Is.False, "a badly signed cell must not run");
        Assert.That(kernel.Stderr, Does.Contain("bad signature"));
    }

    [Test]
    public void InterruptStopsAnEndlessLoopAndKeepsVariables()
    {
        using var kernel = new KernelClient();
        kernel.Execute("var kept = 41;");
        var id = kernel.SendShell("execute_request", new JsonObject { ["code"] = "while (true) { }", ["silent"] = false });
        Thread.Sleep(1000);
        var (reply, outputs) = kernel.Interrupt(id);
        Assert.That(Status(reply), Is.EqualTo("error"));
        Assert.That(outputs.Any(m => m.Type == "error"), Is.True);
        Assert.That(kernel.Result("kept + 1"), Is.EqualTo("42"));
    }

    [Test]
    public void RestartEndsTheProcessSoTheClientStartsAFreshOne()
    {
        using (var kernel = new KernelClient())
        {
            Assert.That(kernel.Result("var gone = 5; gone"), Is.EqualTo("5"));
            kernel.SendControl("shutdown_request", new JsonObject { ["restart"] = true });
            Assert.That(kernel.ControlReply().Content["restart"]!.GetValue<bool>(), Is.True);
            Assert.That(kernel.Process.WaitForExit(15_000), Is.True, "the kernel exits, as ipykernel does, for the manager to start anew");
        }
        using var fresh = new KernelClient();
        var (after, _) = fresh.Execute("gone");
        Assert.That(Status(after), Is.EqualTo("error"));
        Assert.That(after.Content["evalue"]!.GetValue<string>(), Does.Contain("CS0103"));
        Assert.That(after.Content["execution_count"]!.GetValue<int>(), Is.EqualTo(1), "counting starts again");
    }

    [Test]
    public void ShutdownEndsTheProcess()
    {
        using var kernel = new KernelClient();
        kernel.SendControl("shutdown_request", new JsonObject { ["restart"] = false });
        Assert.That(kernel.ControlReply().Content["status"]!.GetValue<string>(), Is.EqualTo("ok"));
        Assert.That(kernel.Process.WaitForExit(15_000), Is.True, "the kernel should exit");
        Assert.That(kernel.Process.ExitCode, Is.Zero);
    }

    [Test]
    public void TwoChartsArriveAsTwoDisplayDataInOrder()
    {
        using var kernel = new KernelClient();
        var (reply, outputs) = kernel.Execute("""
            Console.WriteLine("before");
            PlotFunction(x => x * x, "first");
            PlotFunction(x => x * x * x, "second", width: 300, height: 200);
            """);
        Assert.That(Status(reply), Is.EqualTo("ok"));
        var displays = outputs.Where(m => m.Type == "display_data").ToList();
        Assert.That(displays, Has.Count.EqualTo(2));
        Assert.That(displays.Select(d => d.Content["data"]!["text/plain"]!.GetValue<string>()),
            Is.EqualTo(new[] { Path.Combine(kernel.PlotFolder, "first-1.png"), Path.Combine(kernel.PlotFolder, "second-1.png") }));
        var png = Convert.FromBase64String(displays[1].Content["data"]!["image/png"]!.GetValue<string>());
        Assert.That(png[1..4], Is.EqualTo("PNG"u8.ToArray()));
        Assert.That(displays[1].Content["metadata"]!["image/png"]!["width"]!.GetValue<int>(), Is.EqualTo(300));
        Assert.That(File.Exists(Path.Combine(kernel.PlotFolder, "second-1.png")), Is.True, "PNGs are still saved");
        Assert.That(outputs.FindIndex(m => m.Type == "stream"), Is.LessThan(outputs.IndexOf(displays[0])), "text printed first comes first");
        Assert.That(outputs.Where(m => m.Type == "stream").Select(m => m.Content["text"]!.GetValue<string>()), Has.None.Contains("[plot]"),
            "the picture is shown, so its path line is not printed");
    }

    [Test]
    public void ShowIsACellResultWithItsReportInTheMetadata()
    {
        using var kernel = new KernelClient();
        var (reply, outputs) = kernel.Execute("""Show("accuracy", Tensor.Of(0.5));""");
        Assert.That(Status(reply), Is.EqualTo("ok"));
        var display = outputs.Single(m => m.Type == "display_data");
        Assert.That(display.Content["data"]!["text/plain"]!.GetValue<string>(), Is.EqualTo("tensor(0.5000)"));
        var report = display.Content["metadata"]!["mnist_scripting"]!["report"]!;
        Assert.That((report["name"]!.GetValue<string>(), report["value"]!.GetValue<string>()), Is.EqualTo(("accuracy", "0.5")));
        Assert.That(outputs.Where(m => m.Type == "stream").Select(m => m.Content["text"]!.GetValue<string>()), Has.None.Contains("#report"),
            "no report lines in a notebook's text");
    }

    [Test]
    public void FitShowsALiveTableThatGrowsInPlace()
    {
        using var kernel = new KernelClient();
        var (reply, outputs) = kernel.Execute("""
            var x = Tensor.Randn(64, 1); var y = x.Gt(0.0).Float();
            var dl = new DataLoader(Dataset.Zip(x, y), 16);
            var learn = new Learner(new DataLoaders(dl, dl), new Linear(1, 1), Sgd.Create, F.MnistLoss, F.BatchAccuracy);
            learn.Fit(3, 1.0);
            """);
        Assert.That(Status(reply), Is.EqualTo("ok"));
        var first = outputs.First(m => m.Type == "display_data");
        var id = first.Content["transient"]!["display_id"]!.GetValue<string>();
        var updates = outputs.Where(m => m.Type == "update_display_data").ToList();
        Assert.That(updates, Is.Not.Empty, "the table is updated in place");
        Assert.That(updates.Select(u => u.Content["transient"]!["display_id"]!.GetValue<string>()), Is.All.EqualTo(id));
        var html = updates[^1].Content["data"]!["text/html"]!.GetValue<string>();
        Assert.That(html, Does.Contain("<th>batch_accuracy</th>").And.Not.Contain("<progress"));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(html, "<tr>").Count, Is.EqualTo(3), "one row per epoch");
        Assert.That(updates.Any(u => u.Content["data"]!["text/html"]!.GetValue<string>().Contains("<progress")), Is.True, "a bar while a phase runs");
        Assert.That(updates[^1].Content["data"]!["text/plain"]!.GetValue<string>(), Does.StartWith("epoch     train_loss  valid_loss  batch_accuracy  time"));
        Assert.That(outputs.Where(m => m.Type == "stream").Select(m => m.Content["text"]!.GetValue<string>()), Has.None.Contains("train_loss"),
            "the table is not printed as text too");
    }

    [Test]
    public void LrFindShowsOnlyItsLiveBarAndTheCurve()
    {
        using var kernel = new KernelClient();
        var (reply, outputs) = kernel.Execute("""
            var x = Tensor.Randn(64, 1); var y = x.Gt(0.0).Float();
            var dl = new DataLoader(Dataset.Zip(x, y), 4);
            var learn = new Learner(new DataLoaders(dl, dl), new Linear(1, 1), Adam.Create, F.MnistLoss, F.BatchAccuracy);
            var found = learn.LrFind(numIt: 30);
            learn.Recorder.PlotLrFind(found);
            found
            """);
        Assert.That(Status(reply), Is.EqualTo("ok"));
        var html = outputs.Where(m => m.Type is "display_data" or "update_display_data")
            .Select(m => m.Content["data"]!["text/html"]?.GetValue<string>()).OfType<string>().ToList();
        Assert.That(html.Any(h => h.Contains("<progress")), Is.True, "the sweep's live bar");
        Assert.That(html, Has.None.Contains("<th>"), "no table: the sweep validates nothing");
        Assert.That(outputs.Count(m => m.Type == "display_data" && m.Content["data"]!["image/png"] is not null), Is.EqualTo(1), "the curve inline");
        Assert.That(outputs.Single(m => m.Type == "execute_result").Content["data"]!["text/plain"]!.GetValue<string>(), Does.StartWith("SuggestedLRs(valley="));
    }

    [Test]
    public void AHeatmapIsAnHtmlTableWithGreyBackgrounds()
    {
        using var kernel = new KernelClient();
        var (reply, outputs) = kernel.Execute("ShowHeatmap(Tensor.Of(new[,] { { 0, 128 }, { 255, 64 } }));");
        Assert.That(Status(reply), Is.EqualTo("ok"));
        var data = outputs.Single(m => m.Type == "display_data").Content["data"]!;
        var html = data["text/html"]!.GetValue<string>();
        Assert.That(html, Does.Contain("background-color:#ffffff;color:#000000\">0<").And.Contain("background-color:#000000;color:#f1f1f1\">255<"));
        Assert.That(data["image/png"], Is.Not.Null, "the PNG stays for other front ends");
    }

    [Test]
    public void TenThousandLinesStreamWithoutLoss()
    {
        using var kernel = new KernelClient();
        var (reply, outputs) = kernel.Execute("for (int i = 0; i < 10000; i++) Console.WriteLine(i);");
        Assert.That(Status(reply), Is.EqualTo("ok"));
        var text = string.Concat(outputs.Where(m => m.Type == "stream" && m.Content["name"]!.GetValue<string>() == "stdout")
            .Select(m => m.Content["text"]!.GetValue<string>()));
        Assert.That(text, Is.EqualTo(string.Concat(Enumerable.Range(0, 10000).Select(i => i + "\n"))));
    }

    [Test]
    public void SurvivesCompileErrorsExceptionsAndShapeErrors()
    {
        using var kernel = new KernelClient();
        kernel.Execute("var v = Tensor.Of(1.0, 2.0);");
        var (compile, _) = kernel.Execute("int x = \"s\";");
        Assert.That(compile.Content["ename"]!.GetValue<string>(), Is.EqualTo("CompilationError"));
        Assert.That(compile.Content["evalue"]!.GetValue<string>(), Does.StartWith("(cell)(1,9): error CS0029"));
        var (thrown, outputs) = kernel.Execute("throw new InvalidOperationException(\"boom\");");
        Assert.That(thrown.Content["ename"]!.GetValue<string>(), Is.EqualTo("InvalidOperationException"));
        Assert.That(outputs.Single().Type, Is.EqualTo("error"));
        var (shape, _) = kernel.Execute("Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(2, 3))");
        Assert.That(Status(shape), Is.EqualTo("error"));
        Assert.That(shape.Content["evalue"]!.GetValue<string>(), Does.Contain("(2x3 and 2x3)"));
        Assert.That(kernel.Result("v"), Is.EqualTo("tensor([1., 2.])"));
    }

    [Test]
    public void AnErrorAbortsTheQueuedCells()
    {
        using var kernel = new KernelClient();
        var first = kernel.SendShell("execute_request", new JsonObject { ["code"] = "throw new Exception(\"stop\");", ["stop_on_error"] = true });
        var second = kernel.SendShell("execute_request", new JsonObject { ["code"] = "var ran = 1;" });
        var replies = new[] { kernel.ShellReply(), kernel.ShellReply() };
        Assert.That(replies.Select(KernelClient.ParentId), Is.EqualTo(new[] { first, second }));
        Assert.That(replies.Select(Status), Is.EqualTo(new[] { "error", "aborted" }));
        Assert.That(replies[1].Content.ContainsKey("execution_count"), Is.False,
            "an aborted cell carries no count (as ipykernel), so the notebook does not number it as run");
        var (after, _) = kernel.Execute("ran");
        Assert.That(Status(after), Is.EqualTo("error"), "the aborted cell did not run");
    }

    [Test]
    public void ACommTheFrontEndOpensIsClosed()
    {
        using var kernel = new KernelClient();
        var id = kernel.SendShell("comm_open", new JsonObject { ["comm_id"] = "c1", ["target_name"] = "jupyter.widget", ["data"] = new JsonObject() });
        var close = kernel.Outputs(id).Single(m => m.Type == "comm_close");
        Assert.That(close.Content["comm_id"]!.GetValue<string>(), Is.EqualTo("c1"));
        Assert.That(kernel.Result("1 + 1"), Is.EqualTo("2"));
        Assert.That(kernel.Stderr, Does.Not.Contain("unknown message type"));
    }
}
