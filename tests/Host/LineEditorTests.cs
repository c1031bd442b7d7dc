// The line editor and Roslyn completion without a TTY: keys come from a list, output goes to a StringWriter.
using Mnist.Scripting.Host;

namespace Mnist.Scripting.Tests.Host;

[Parallelizable]
public class LineEditorTests
{
    sealed class Keys(IEnumerable<ConsoleKeyInfo> keys) : IKeySource
    {
        readonly Queue<ConsoleKeyInfo> queue = new(keys);
        public ConsoleKeyInfo ReadKey() => queue.Dequeue();
    }

    static ConsoleKeyInfo K(ConsoleKey key, bool ctrl = false) => new('\0', key, false, false, ctrl);
    static IEnumerable<ConsoleKeyInfo> Type(string text) => text.Select(c => new ConsoleKeyInfo(c, ConsoleKey.NoName, false, false, false));
    static readonly ConsoleKeyInfo Enter = new('\r', ConsoleKey.Enter, false, false, false);
    static readonly ConsoleKeyInfo Tab = new('\t', ConsoleKey.Tab, false, false, false);

    static LineEditor Editor(IEnumerable<ConsoleKeyInfo> keys, History? history = null,
        Func<string, int, (int, IReadOnlyList<string>)>? complete = null)
        => new(new Keys(keys), new StringWriter(), history ?? new History(null), complete);

    [Test]
    public void EditingKeys()
    {
        var keys = Type("var x = 12").Append(K(ConsoleKey.Backspace)).Append(K(ConsoleKey.Home)).Concat(Type("// "))
            .Append(K(ConsoleKey.End)).Append(K(ConsoleKey.LeftArrow)).Concat(Type("3")).Append(Enter);
        Assert.That(Editor(keys).ReadLine("> ", ""), Is.EqualTo("// var x = 31"));
    }

    [Test]
    public void CtrlCDropsTheLineAndCtrlDEndsInput()
    {
        var editor = Editor(Type("half typed").Append(K(ConsoleKey.C, ctrl: true)).Append(K(ConsoleKey.D, ctrl: true)));
        Assert.That(editor.ReadLine("> ", ""), Is.Empty);
        Assert.That(editor.Interrupted, Is.True);
        Assert.That(editor.ReadLine("> ", ""), Is.Null);
    }

    [Test]
    public void HistoryPersistsAcrossSessionsAndUpArrowRecallsIt()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("history").FullName, "history");
        var first = new History(file);
        first.Add("var a = 1;");
        first.Add("for (int i = 0; i < 3; i++)\n{\n}");
        var second = new History(file);
        Assert.That(second.Entries, Is.EqualTo(first.Entries));
        var editor = Editor([K(ConsoleKey.UpArrow), K(ConsoleKey.UpArrow), Enter], second);
        Assert.That(editor.ReadLine("> ", ""), Is.EqualTo("var a = 1;"));
    }

    [Test]
    public void TabInsertsTheCommonPrefix()
    {
        (int, IReadOnlyList<string>) Complete(string text, int caret) => (text.LastIndexOf('.') + 1, ["Zeros", "ZerosLike"]);
        var editor = Editor(Type("Tensor.Ze").Append(Tab).Append(Enter), complete: Complete);
        Assert.That(editor.ReadLine("> ", ""), Is.EqualTo("Tensor.Zeros"));
    }

    [Test]
    public void TabListsCandidatesWhenNothingCanBeAdded()
    {
        var output = new StringWriter();
        (int, IReadOnlyList<string>) Complete(string text, int caret) => (2, ["Sum", "Sub_", "SubInPlace"]);
        var editor = new LineEditor(new Keys(Type("t.Su").Append(Tab).Append(Enter)), output, new History(null), Complete);
        Assert.That(editor.ReadLine("> ", ""), Is.EqualTo("t.Su"));
        Assert.That(output.ToString(), Does.Contain("Sum  Sub_  SubInPlace"));
    }

    [Test]
    public void RoslynCompletesMembersAndSessionVariables()
    {
        var completer = new Completer(ReplHarness.Env);
        var (start, items) = completer.Complete("", "Tensor.Zer", 10);
        Assert.That(start, Is.EqualTo(7));
        Assert.That(items, Does.Contain("Zeros").And.Contain("ZerosLike"));
        var (_, vars) = completer.Complete("var stackedThrees = Tensor.Zeros(2, 28, 28);", "stackedT", 8);
        Assert.That(vars, Does.Contain("stackedThrees"));
        var (_, prelude) = completer.Complete("", "ShowIm", 6);
        Assert.That(prelude, Does.Contain("ShowImage"));
    }
}
