// Every hostile or damaged archive of the corpus raises its error, names the archive, and leaves nothing behind.
using Mnist.Scripting.Data;

namespace Mnist.Scripting.Tests.Data;

public class HostileArchiveTests
{
    string root = "", work = "", target = "";

    [SetUp]
    public void MakeTemp()
    {
        root = Directory.CreateTempSubdirectory("mnist-hostile-").FullName;
        work = Path.Combine(root, "work");
        Directory.CreateDirectory(work);
        target = Path.Combine(work, "out");
    }

    [TearDown] public void RemoveTemp() => Directory.Delete(root, recursive: true);

    static IEnumerable<TestCaseData> Corpus() => HostileArchives.All().Select(h => new TestCaseData(h).SetName($"Hostile({h.Name})"));

    enum Outcome { ClearError, Harmless, Silent }

    // Runs one case in a fresh folder; a wrong kind of error, a message without the archive's name, or anything left
    // behind fails the test; an extraction that succeeds is harmless only when allowed and identical to the undamaged one.
    (Outcome, string) Run(Hostile h)
    {
        var archive = Path.Combine(root, "evil" + h.Ext);
        File.WriteAllBytes(archive, h.Bytes());
        Exception? e = null;
        try { SafeTar.Extract(archive, target, HostileArchives.Limits); }
        catch (Exception ex) { e = ex; }
        try
        {
            if (e is null)
            {
                if (!h.MayBeHarmless) return (Outcome.Silent, "extracted without an error");
                return SameAsGood(target) ? (Outcome.Harmless, "") : (Outcome.Silent, "extracted a different tree without an error");
            }
            if (e.GetType() != h.Error) return (Outcome.Silent, $"raised {e.GetType().Name}, expected {h.Error.Name}: {e.Message}");
            if (!e.Message.Contains(archive)) return (Outcome.Silent, $"the message does not name the archive: {e.Message}");
            if (!e.Message.Contains(h.Phrase)) return (Outcome.Silent, $"the message lacks '{h.Phrase}': {e.Message}");
            if (Directory.GetFileSystemEntries(work).Length != 0) return (Outcome.Silent, "left a target or temporary folder: " + string.Join(", ", Directory.GetFileSystemEntries(work)));
            var beside = Directory.GetFileSystemEntries(root).Select(Path.GetFileName).Order().ToArray();
            if (!beside.SequenceEqual(new[] { "evil" + h.Ext, "work" }.Order())) return (Outcome.Silent, "wrote beside the target: " + string.Join(", ", beside));
            return (Outcome.ClearError, e.Message);
        }
        finally
        {
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            File.Delete(archive);
        }
    }

    static Dictionary<string, string>? good;

    bool SameAsGood(string dir)
    {
        good ??= Tree(Extracted(HostileArchives.GoodTgz));
        return Tree(dir).OrderBy(kv => kv.Key).SequenceEqual(good.OrderBy(kv => kv.Key));
    }

    string Extracted(byte[] tgz)
    {
        var a = Path.Combine(root, "good.tgz");
        var d = Path.Combine(root, "good");
        File.WriteAllBytes(a, tgz);
        SafeTar.Extract(a, d, HostileArchives.Limits);
        return d;
    }

    static Dictionary<string, string> Tree(string dir) =>
        Directory.GetFileSystemEntries(dir, "*", SearchOption.AllDirectories).ToDictionary(
            p => Path.GetRelativePath(dir, p), p => Directory.Exists(p) ? "<dir>" : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(p))));

    [TestCaseSource(nameof(Corpus))]
    public void IsRefusedWithAClearErrorAndLeavesNothing(Hostile h)
    {
        var (outcome, why) = Run(h);
        Assert.That(outcome, Is.Not.EqualTo(Outcome.Silent), why);
    }

    [Test]
    public void TheCorpusIsLargeAndNothingInItPassesSilently()
    {
        var results = HostileArchives.All().Select(h => (h.Name, Result: Run(h))).ToList();
        int clear = results.Count(r => r.Result.Item1 == Outcome.ClearError), harmless = results.Count(r => r.Result.Item1 == Outcome.Harmless);
        var silent = results.Where(r => r.Result.Item1 == Outcome.Silent).Select(r => $"{r.Name}: {r.Result.Item2}").ToList();
        TestContext.Out.WriteLine($"hostile archive inputs: {results.Count}; clear errors: {clear}; harmless flips (identical output): {harmless}; silent or wrong: {silent.Count}");
        Assert.That(results, Has.Count.GreaterThanOrEqualTo(50));
        Assert.That(silent, Is.Empty);
        Assert.That(harmless, Is.LessThanOrEqualTo(results.Count / 20), "flips that change nothing should be rare");
    }

    [Test]
    public void TheUndamagedArchiveExtracts()
    {
        var d = Extracted(HostileArchives.GoodTgz);
        Assert.That(File.ReadAllText(Path.Combine(d, "top", "train", "7-copy.txt")), Is.EqualTo(TarBytes.Text(3, 4000)));
        Assert.That(Tree(d), Has.Count.EqualTo(7));
    }
}
