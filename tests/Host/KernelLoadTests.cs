// The kernel under load, as a notebook user drives it: 200 cells in a row, a cell printing 50 MB, a flood of 1,000
// charts, two kernels training at once, and requests sent while a cell runs. Nothing may be lost or reordered, memory
// must stay bounded and the control channel must answer throughout. The figures are printed for the notes.
using System.Diagnostics;
using System.Text.Json.Nodes;
using Mnist.Scripting.Host.Kernel;

namespace Mnist.Scripting.Tests.Host;

[NonParallelizable]
public class KernelLoadTests
{
    static string Status(Message reply) => reply.Content["status"]!.GetValue<string>();

    /// <summary>The kernel's resident memory in MiB (Linux /proc).</summary>
    static double RssMiB(Process p)
    {
        foreach (var line in File.ReadLines($"/proc/{p.Id}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
        return double.NaN;
    }

    [Test]
    public void TwoHundredCellsInARowKeepTheirCountsAndMemory()
    {
        using var kernel = new KernelClient();
        kernel.Execute("var total = 0L;");
        var rssBefore = RssMiB(kernel.Process);
        var times = new List<double>();
        for (int i = 1; i <= 200; i++)
        {
            var clock = Stopwatch.StartNew();
            var (reply, outputs) = kernel.Execute($"total += {i}; Console.WriteLine(\"cell {i}\"); total");
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.That(Status(reply), Is.EqualTo("ok"), $"cell {i}");
            Assert.That(reply.Content["execution_count"]!.GetValue<int>(), Is.EqualTo(i + 1));
            Assert.That(KernelClient.Streams(outputs, "stdout"), Is.EqualTo($"cell {i}\n"));
            Assert.That(KernelClient.ResultText(outputs), Is.EqualTo((i * (i + 1L) / 2).ToString()));
        }
        var rssAfter = RssMiB(kernel.Process);
        times.Sort();
        TestContext.Progress.WriteLine($"[Host] 200 cells: median {times[100]:F0} ms per cell (p10 {times[20]:F0}, p90 {times[180]:F0}); " +
            $"RSS {rssBefore:F0} -> {rssAfter:F0} MiB");
        Assert.That(rssAfter - rssBefore, Is.LessThan(400), "each cell's compiled submission stays loaded, but 200 small ones are not 400 MB");
    }

    [Test]
    public void FiftyMegabytesOfPrintArriveWholeAndInOrder()
    {
        using var kernel = new KernelClient();
        const int lines = 500_000; // 100 bytes each
        var clock = Stopwatch.StartNew();
        var id = kernel.SendExecute($"for (int i = 0; i < {lines}; i++) Console.WriteLine(i.ToString(\"D9\") + new string('x', 90));");
        var outputs = kernel.Outputs(id, TimeSpan.FromMinutes(3));
        var reply = kernel.ShellReply();
        var seconds = clock.Elapsed.TotalSeconds;
        Assert.That(Status(reply), Is.EqualTo("ok"));
        var text = KernelClient.Streams(outputs, "stdout");
        Assert.That(text.Length, Is.EqualTo(lines * 100), "every byte arrived");
        for (int i = 0; i < lines; i += 997)
            Assert.That(text.AsSpan(i * 100, 9).ToString(), Is.EqualTo(i.ToString("D9")), $"line {i} in its place");
        var messages = outputs.Count(m => m.Type == "stream");
        var rss = RssMiB(kernel.Process);
        TestContext.Progress.WriteLine($"[Host] 50 MB printed: {seconds:F1} s to the last byte, {messages} stream messages, kernel RSS after {rss:F0} MiB");
        Assert.That(kernel.Result("1 + 1"), Is.EqualTo("2"));
        Assert.That(rss, Is.LessThan(1000), "the kernel holds at most a batch of the printed text");
    }

    [Test]
    public void AThousandChartsAllArriveInOrder()
    {
        using var kernel = new KernelClient();
        var clock = Stopwatch.StartNew();
        var id = kernel.SendExecute("var img = Tensor.Rand(28, 28); for (int i = 0; i < 1000; i++) { Console.WriteLine($\"before {i}\"); ShowImage(img, width: 56, height: 56); }");
        var outputs = kernel.Outputs(id, TimeSpan.FromMinutes(5));
        var reply = kernel.ShellReply();
        var seconds = clock.Elapsed.TotalSeconds;
        Assert.That(Status(reply), Is.EqualTo("ok"), reply.Content.ToJsonString());
        var charts = outputs.Where(m => m.Type == "display_data" && m.Content["data"]!["image/png"] is not null).ToList();
        Assert.That(charts, Has.Count.EqualTo(1000), "no chart was dropped");
        // Each chart follows the line printed before it: walk the outputs in order.
        int expect = 0;
        var pending = "";
        foreach (var m in outputs)
        {
            if (m.Type == "stream") pending += m.Content["text"]!.GetValue<string>();
            else if (m.Type == "display_data")
            {
                Assert.That(pending, Does.EndWith($"before {expect}\n"), $"chart {expect} came after its own line");
                expect++;
            }
        }
        var rss = RssMiB(kernel.Process);
        TestContext.Progress.WriteLine($"[Host] 1,000 charts: {seconds:F1} s ({1000 / seconds:F0} charts/s), kernel RSS after {rss:F0} MiB");
        Assert.That(rss, Is.LessThan(1000));
    }

    [Test]
    public void TwoKernelsAtOnceGiveTheirOwnResults()
    {
        using var a = new KernelClient();
        using var b = new KernelClient();
        string Cell(int seed) => $"Tensor.ManualSeed({seed}); var w = Tensor.Randn(50, 1).RequiresGrad_(); var x = Tensor.Randn(2000, 50); " +
            "var y = x.MatMul(Tensor.Ones(50, 1)); for (int i = 0; i < 300; i++) { var loss = (x.MatMul(w) - y).Pow(2).Mean(); " +
            "loss.Backward(); using (Tensor.NoGrad()) { w.SubInPlace(w.Grad! * 0.05); w.Grad!.Zero_(); } } ((x.MatMul(w) - y).Pow(2).Mean()).Item()";
        var solo = new[] { a.Result(Cell(1)), b.Result(Cell(2)) };
        var clock = Stopwatch.StartNew();
        var ids = new[] { a.SendExecute(Cell(1)), b.SendExecute(Cell(2)) };
        var outs = new[] { a.Outputs(ids[0], TimeSpan.FromMinutes(3)), b.Outputs(ids[1], TimeSpan.FromMinutes(3)) };
        Assert.That(Status(a.ShellReply()), Is.EqualTo("ok"));
        Assert.That(Status(b.ShellReply()), Is.EqualTo("ok"));
        var together = outs.Select(KernelClient.ResultText).ToArray();
        TestContext.Progress.WriteLine($"[Host] two kernels training at once: {clock.Elapsed.TotalSeconds:F1} s; losses {together[0]} and {together[1]}");
        Assert.That(together, Is.EqualTo(solo), "each kernel gives what it gives alone");
        Assert.That(together[0], Is.Not.EqualTo(together[1]));
    }

    [Test]
    public void ControlAnswersWhileACellRunsAndQueuedCellsRunInOrder()
    {
        using var kernel = new KernelClient();
        kernel.Execute("var n = 0;");
        var running = kernel.SendExecute("var t0 = DateTime.UtcNow; while ((DateTime.UtcNow - t0).TotalSeconds < 600) { n++; }");
        // Cells sent while one runs wait their turn and keep their order; kernel_info on control answers at once.
        var queued = Enumerable.Range(1, 5).Select(i => kernel.SendExecute($"Console.Write(\"q{i} \");")).ToList();
        Thread.Sleep(500);
        var latencies = new List<double>();
        for (int i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            kernel.SendControl("kernel_info_request", []);
            var reply = kernel.ControlReply(TimeSpan.FromSeconds(10));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            Assert.That(reply.Type, Is.EqualTo("kernel_info_reply"));
            Thread.Sleep(50);
        }
        var interrupt = Stopwatch.StartNew();
        kernel.Interrupt(running);
        var stopped = interrupt.Elapsed.TotalMilliseconds;
        // stop_on_error: the cells queued behind the interrupted one are aborted, as ipykernel does, in their order.
        foreach (var id in queued)
        {
            var reply = kernel.ShellReply();
            Assert.That(KernelClient.ParentId(reply), Is.EqualTo(id), "replies keep the order requests came in");
            Assert.That(Status(reply), Is.EqualTo("aborted"));
            kernel.Outputs(id);
        }
        Assert.That(int.Parse(kernel.Result("n > 0 ? 1 : 0")), Is.EqualTo(1), "the interrupted cell's variables are kept");
        latencies.Sort();
        TestContext.Progress.WriteLine($"[Host] kernel_info on control while a cell runs: median {latencies[10]:F1} ms, max {latencies[^1]:F1} ms; " +
            $"interrupt to the stopped cell's idle {stopped:F0} ms");
        Assert.That(latencies[^1], Is.LessThan(2000));
    }
}
