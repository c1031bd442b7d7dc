// Hostile and broken archives: traversal, absolute paths, links out, truncated gzip are refused and leave nothing behind.
using System.Formats.Tar;
using System.IO.Compression;
using Mnist.Scripting.Data;

namespace Mnist.Scripting.Tests.Data;

public class SafeTarTests
{
    string root = "", work = "", target = "";

    [SetUp]
    public void MakeTemp()
    {
        root = Directory.CreateTempSubdirectory("mnist-tar-").FullName;
        work = Path.Combine(root, "work");
        Directory.CreateDirectory(work);
        target = Path.Combine(work, "out");
    }

    [TearDown] public void RemoveTemp() => Directory.Delete(root, recursive: true);

    string Archive(params TarEntry[] entries)
    {
        var path = Path.Combine(root, "a.tgz");
        using var fs = File.Create(path);
        using var gz = new GZipStream(fs, CompressionLevel.Fastest);
        using var w = new TarWriter(gz, TarEntryFormat.Pax);
        foreach (var e in entries) w.WriteEntry(e);
        return path;
    }

    static PaxTarEntry FileEntry(string name, string text = "data") =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)) };

    static PaxTarEntry Link(TarEntryType type, string name, string to) => new(type, name) { LinkName = to };

    void AssertRefusedAndClean(string archive, string because)
    {
        var e = Assert.Catch(() => SafeTar.Extract(archive, target));
        Assert.That(e, Is.TypeOf<UnsafeArchiveException>().Or.TypeOf<InvalidDataException>());
        Assert.That(e!.Message, Does.Contain(because));
        Assert.That(Directory.GetFileSystemEntries(work), Is.Empty, "no target and no temporary folder left");
        Assert.That(Directory.GetFileSystemEntries(root).Select(Path.GetFileName), Is.EquivalentTo(new[] { "a.tgz", "work" }), "nothing written beside");
    }

    [Test]
    public void ExtractsANormalArchiveWithAnInsideLink()
    {
        var a = Archive(new PaxTarEntry(TarEntryType.Directory, "top/"), FileEntry("top/x.txt", "hello"), FileEntry("./top/sub/y.txt", "y"),
            Link(TarEntryType.HardLink, "top/hard", "top/x.txt"), Link(TarEntryType.SymbolicLink, "top/sub/soft", "../x.txt"));
        SafeTar.Extract(a, target);
        Assert.That(File.ReadAllText(Path.Combine(target, "top", "x.txt")), Is.EqualTo("hello"));
        Assert.That(File.ReadAllText(Path.Combine(target, "top", "sub", "y.txt")), Is.EqualTo("y"));
        Assert.That(File.ReadAllText(Path.Combine(target, "top", "hard")), Is.EqualTo("hello"));
        Assert.That(File.ReadAllText(Path.Combine(target, "top", "sub", "soft")), Is.EqualTo("hello"));
        Assert.That(new FileInfo(Path.Combine(target, "top", "sub", "soft")).LinkTarget, Is.Null, "links become plain copies");
        Assert.Throws<IOException>(() => SafeTar.Extract(a, target), "an existing target is never overwritten");
    }

    [Test]
    public void RefusesPathTraversal() =>
        AssertRefusedAndClean(Archive(FileEntry("ok.txt"), FileEntry("top/../../evil.txt")), "'..'");

    [Test]
    public void RefusesAbsolutePaths()
    {
        var outside = Path.Combine(root, "abs-evil.txt");
        AssertRefusedAndClean(Archive(FileEntry("ok.txt"), FileEntry(outside)), "absolute");
        Assert.That(File.Exists(outside), Is.False);
    }

    [Test]
    public void RefusesSymlinkOut() =>
        AssertRefusedAndClean(Archive(FileEntry("ok.txt"), Link(TarEntryType.SymbolicLink, "escape", "../../abs-evil.txt"), FileEntry("escape/x")), "'..'");

    [Test]
    public void RefusesAbsoluteSymlink() =>
        AssertRefusedAndClean(Archive(Link(TarEntryType.SymbolicLink, "passwd", "/etc/passwd")), "absolute");

    [Test]
    public void RefusesHardlinkOut() =>
        AssertRefusedAndClean(Archive(FileEntry("ok.txt"), Link(TarEntryType.HardLink, "h", "../work/secret")), "'..'");

    [Test]
    public void RefusesDeviceEntries() =>
        AssertRefusedAndClean(Archive(new PaxTarEntry(TarEntryType.Fifo, "fifo")), "unsupported");

    [Test]
    public void RefusesTruncatedGzip()
    {
        var entries = Enumerable.Range(0, 50).Select(i => (TarEntry)FileEntry($"top/f{i}.bin", new string((char)('a' + i % 26), 3000 + i * 97))).ToArray();
        var a = Archive(entries);
        var bytes = File.ReadAllBytes(a);
        File.WriteAllBytes(a, bytes[..(bytes.Length * 2 / 3)]);
        AssertRefusedAndClean(a, "truncated or corrupt");
    }

    [Test]
    public void RefusesGarbage()
    {
        var a = Path.Combine(root, "a.tgz");
        var junk = new byte[5000];
        new Random(1).NextBytes(junk);
        junk[0] = 0x1f; junk[1] = 0x8b;
        File.WriteAllBytes(a, junk);
        AssertRefusedAndClean(a, "truncated or corrupt");
    }
}
