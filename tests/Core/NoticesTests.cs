// The engine's text goes through Notices: a capture scope receives what is said on its flow of control (tasks
// included) and nothing from outside it, and no source file of core writes to the console itself.
using System.Text.RegularExpressions;

namespace Mnist.Scripting.Tests.Core;

[Parallelizable]
public class NoticesTests
{
    [Test]
    public void ACaptureScopeReceivesItsFlowsNoticesAndEndsWithDispose()
    {
        var outer = new List<string>();
        var inner = new List<string>();
        using (Notices.Capture(outer.Add))
        {
            Notices.Say("one");
            using (Notices.Capture(inner.Add))
            {
                Notices.Say("two");
                Task.Run(() => Notices.Say("from a task")).Wait();
            }
            Notices.Say("three");
        }
        Assert.That(outer, Is.EqualTo(new[] { "one", "three" }));
        Assert.That(inner, Is.EqualTo(new[] { "two", "from a task" }));
    }

    [Test]
    public void AnotherThreadsCaptureDoesNotSeeThisOnesNotices()
    {
        var other = new List<string>();
        using var ready = new ManualResetEventSlim();
        using var done = new ManualResetEventSlim();
        var thread = new Thread(() => { using (Notices.Capture(other.Add)) { ready.Set(); done.Wait(); } });
        thread.Start();
        ready.Wait();
        var mine = new List<string>();
        using (Notices.Capture(mine.Add)) Notices.Say("mine");
        done.Set();
        thread.Join();
        Assert.That(mine, Is.EqualTo(new[] { "mine" }));
        Assert.That(other, Is.Empty);
    }

    [Test]
    public void CoreWritesNoTextToTheConsoleButThroughNotices()
    {
        // Allowed: Notices' default sink, the Learner's default table writer, and Ctrl+C (StopSignal), which writes nothing.
        var allowed = new HashSet<string> { "Notices.cs", "Learner.cs", "StopSignal.cs" };
        var offenders = Directory.EnumerateFiles(RepoPaths.Under("core"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(f => Regex.IsMatch(File.ReadAllText(f), @"\bConsole\s*\.\s*(Write|Error|Out)"))
            .Select(Path.GetFileName).Where(name => !allowed.Contains(name!)).ToList();
        Assert.That(offenders, Is.Empty, "core files writing to the console directly: use Notices.Say");
    }
}
