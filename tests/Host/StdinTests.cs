// Console input in a cell, in both kernels: Console.ReadLine() and Console.Read() ask the client (input_request on the
// stdin channel) and return its input_reply; a client that did not allow stdin gets a clear error, not null; an
// interrupt while the kernel waits for the user stops the cell and keeps the variables.
using System.Text.Json.Nodes;
using Mnist.Scripting.Host.Kernel;

namespace Mnist.Scripting.Tests.Host;

[NonParallelizable]
public class StdinTests
{
    // One kernel per language for the whole fixture (a kernel's start is most of each test's time); each test leaves
    // it idle, with no input pending.
    readonly Dictionary<bool, KernelClient> kernels = [];

    KernelClient Kernel(bool fsharp = false)
    {
        if (!kernels.TryGetValue(fsharp, out var kernel) || kernel.Process.HasExited) kernels[fsharp] = kernel = new KernelClient(fsharp);
        return kernel;
    }

    [OneTimeTearDown]
    public void StopKernels()
    {
        foreach (var k in kernels.Values) k.Dispose();
    }

    static string Status(Message reply) => reply.Content["status"]!.GetValue<string>();

    static string Cell(bool fsharp, string csharp, string fsharpCode) => fsharp ? fsharpCode : csharp;

    /// <summary>Waits for the kernel's input_request, answers it, and returns the request.</summary>
    static Message Answer(KernelClient kernel, string executeId, string value)
    {
        var request = kernel.StdinRequest(TimeSpan.FromSeconds(60)) ?? throw new TimeoutException("no input_request on stdin");
        Assert.That(request.Type, Is.EqualTo("input_request"));
        Assert.That(KernelClient.ParentId(request), Is.EqualTo(executeId), "input_request names the cell's execute_request as parent");
        Assert.That(request.Content["password"]!.GetValue<bool>(), Is.False);
        kernel.SendStdin("input_reply", new JsonObject { ["value"] = value });
        return request;
    }

    [TestCase(false), TestCase(true)]
    public void ReadLineAsksTheUserAndReturnsTheReply(bool fsharp)
    {
        var kernel = Kernel(fsharp);
        var id = kernel.SendExecute(Cell(fsharp,
            "Console.Write(\"name? \"); var name = Console.ReadLine(); Console.WriteLine($\"hello {name}\"); name.Length",
            "printf \"name? \"\nlet name = System.Console.ReadLine()\nprintfn \"hello %s\" name\nname.Length"), allowStdin: true);
        Answer(kernel, id, "Ada Lovelace");
        var reply = kernel.ShellReply();
        Assert.That(Status(reply), Is.EqualTo("ok"), reply.Content.ToJsonString());
        var outputs = kernel.Outputs(id);
        var streams = KernelClient.Streams(outputs);
        Assert.That(streams, Does.StartWith("name? ").And.Contains("hello Ada Lovelace"));
        Assert.That(KernelClient.ResultText(outputs), Is.EqualTo("12"));
        // A second read is a second request: nothing of the first reply is left over.
        id = kernel.SendExecute(Cell(fsharp, "Console.ReadLine() + \"!\"", "System.Console.ReadLine() + \"!\""), allowStdin: true);
        Answer(kernel, id, "again");
        Assert.That(Status(kernel.ShellReply()), Is.EqualTo("ok"));
        Assert.That(KernelClient.ResultText(kernel.Outputs(id)), Does.Contain("again!"));
    }

    [Test]
    public void ReadTakesOneLineACharacterAtATime()
    {
        var kernel = Kernel();
        var id = kernel.SendExecute("var a = (char)Console.Read(); var b = (char)Console.Read(); var nl = Console.Read(); $\"{a}{b}{nl == '\\n'}\"", allowStdin: true);
        Answer(kernel, id, "xy");
        Assert.That(Status(kernel.ShellReply()), Is.EqualTo("ok"));
        Assert.That(KernelClient.ResultText(kernel.Outputs(id)), Does.Contain("xyTrue"), "one input_request served both characters and the newline");
        Assert.That(kernel.StdinRequest(TimeSpan.FromMilliseconds(300)), Is.Null, "no second input_request for the same line");
    }

    [TestCase(false), TestCase(true)]
    public void WithoutStdinAReadIsAClearErrorNotNull(bool fsharp)
    {
        var kernel = Kernel(fsharp);
        var (reply, outputs) = kernel.Execute(Cell(fsharp, "var line = Console.ReadLine();", "let line = System.Console.ReadLine()"));
        Assert.That(Status(reply), Is.EqualTo("error"));
        Assert.That(reply.Content["ename"]!.GetValue<string>(), Is.EqualTo(nameof(StdinNotAllowedException)));
        Assert.That(reply.Content["evalue"]!.GetValue<string>(), Does.Contain("Console.ReadLine()").And.Contains("allow_stdin"));
        Assert.That(outputs.Any(m => m.Type == "error"), Is.True);
        Assert.That(kernel.StdinRequest(TimeSpan.FromMilliseconds(300)), Is.Null, "nothing was asked of a client that cannot answer");
    }

    [TestCase(false), TestCase(true)]
    public void InterruptWhileWaitingForInputKeepsTheVariables(bool fsharp)
    {
        var kernel = Kernel(fsharp);
        kernel.Execute(Cell(fsharp, "var kept = 41;", "let kept = 41"));
        var id = kernel.SendExecute(Cell(fsharp, "var never = Console.ReadLine();", "let never = System.Console.ReadLine()"), allowStdin: true);
        Assert.That(kernel.StdinRequest(TimeSpan.FromSeconds(60))?.Type, Is.EqualTo("input_request"));
        kernel.Interrupt(id);
        Assert.That(kernel.Result("kept + 1"), Is.EqualTo("42"));
    }
}
