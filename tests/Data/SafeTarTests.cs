// SafeTar on valid archives of every shape (gzip members and header fields, GNU and pax names, limits from the environment),
// and a few hostile ones; the full hostile corpus is in HostileArchives.
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
        AssertRefusedAndClean(Archive(new PaxTarEntry(TarEntryType.Fifo, "fifo")), "is a fifo");

    [Test]
    public void RefusesTruncatedGzip()
    {
        var entries = Enumerable.Range(0, 50).Select(i => (TarEntry)FileEntry($"top/f{i}.bin", new string((char)('a' + i % 26), 3000 + i * 97))).ToArray();
        var a = Archive(entries);
        var bytes = File.ReadAllBytes(a);
        File.WriteAllBytes(a, bytes[..(bytes.Length * 2 / 3)]);
        AssertRefusedAndClean(a, "truncated or corrupt");
    }

    string Write(byte[] bytes, string name = "a.tgz")
    {
        var path = Path.Combine(root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    void AssertExtractsTheGoodTree(string archive)
    {
        SafeTar.Extract(archive, target);
        Assert.That(File.ReadAllText(Path.Combine(target, "top", "train", "7-copy.txt")), Is.EqualTo(TarBytes.Text(3, 4000)));
        Assert.That(File.ReadAllText(Path.Combine(target, "top", "labels.csv")), Is.EqualTo(TarBytes.Text(4, 1500)));
        Assert.That(Directory.GetFileSystemEntries(target, "*", SearchOption.AllDirectories), Has.Length.EqualTo(7));
    }

    [Test]
    public void ExtractsEveryMemberOfAMultiMemberGzip()
    {
        var t = HostileArchives.GoodTar;
        AssertExtractsTheGoodTree(Write([.. TarBytes.Gzip(t[..4096]), .. TarBytes.Gzip(t[4096..9216]), .. TarBytes.Gzip(t[9216..])]));
    }

    [Test]
    public void AcceptsZeroPaddingAfterTheLastGzipMember() =>
        AssertExtractsTheGoodTree(Write([.. HostileArchives.GoodTgz, .. new byte[700]]));

    [Test]
    public void ReadsOptionalGzipHeaderFields()
    {
        // FEXTRA, FNAME, FCOMMENT and FHCRC (RFC 1952 2.3), as gzip -N or other tools may write them.
        var g = HostileArchives.GoodTgz;
        var header = new List<byte>(g[..10]) { [3] = 4 | 8 | 16 | 2 };
        header.AddRange([3, 0, 1, 2, 3]);
        header.AddRange("mnist.tar\0"u8.ToArray());
        header.AddRange("a comment\0"u8.ToArray());
        uint crc = HeaderCrc([.. header]);
        header.AddRange([(byte)crc, (byte)(crc >> 8)]);
        AssertExtractsTheGoodTree(Write([.. header, .. g[10..]]));
    }

    // The low 16 bits of the CRC-32 of the header, computed bitwise here so the test does not share the code it checks.
    static uint HeaderCrc(byte[] b)
    {
        uint c = 0xFFFFFFFF;
        foreach (var x in b)
        {
            c ^= x;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }
        return ~c & 0xFFFF;
    }

    [Test]
    public void ExtractsAPlainTarAndTheTargetFolderEntry()
    {
        // "./" names the target itself; an explicit folder entry after files inside it is not a clash.
        var a = Write(TarBytes.Tar(TarBytes.Dir("./"), TarBytes.File("./top/x.txt", "x"), TarBytes.Dir("./top/")), "a.tar");
        SafeTar.Extract(a, target);
        Assert.That(File.ReadAllText(Path.Combine(target, "top", "x.txt")), Is.EqualTo("x"));
    }

    [Test]
    public void CaseOnlyDifferencesAreDistinctFilesOnLinux()
    {
        Assume.That(OperatingSystem.IsLinux(), "case-sensitive file system");
        SafeTar.Extract(Archive(FileEntry("Top/a.txt", "upper"), FileEntry("top/a.txt", "lower")), target);
        Assert.That(File.ReadAllText(Path.Combine(target, "Top", "a.txt")), Is.EqualTo("upper"));
        Assert.That(File.ReadAllText(Path.Combine(target, "top", "a.txt")), Is.EqualTo("lower"));
    }

    [TestCase(TarEntryFormat.Gnu)]
    [TestCase(TarEntryFormat.Pax)]
    [TestCase(TarEntryFormat.Ustar)]
    public void ExtractsLongNamesInEachFormat(TarEntryFormat format)
    {
        var name = "top/" + new string('d', 90) + "/" + new string('f', 90) + ".txt"; // over ustar's 100-character name field
        var path = Path.Combine(root, "a.tgz");
        using (var fs = File.Create(path))
        using (var gz = new GZipStream(fs, CompressionLevel.Fastest))
        using (var w = new TarWriter(gz, format))
        {
            TarEntry e = format switch
            {
                TarEntryFormat.Gnu => new GnuTarEntry(TarEntryType.RegularFile, name),
                TarEntryFormat.Ustar => new UstarTarEntry(TarEntryType.RegularFile, name),
                _ => new PaxTarEntry(TarEntryType.RegularFile, name),
            };
            e.DataStream = new MemoryStream("long"u8.ToArray());
            w.WriteEntry(e);
        }
        SafeTar.Extract(path, target);
        Assert.That(File.ReadAllText(Path.Combine(target, name)), Is.EqualTo("long"));
    }

    [Test, NonParallelizable]
    public void LimitsComeFromTheEnvironment()
    {
        var a = Archive(FileEntry("a.bin", new string('x', 3000)));
        try
        {
            Environment.SetEnvironmentVariable(ExtractLimits.MaxBytesVariable, "2K");
            var e = Assert.Throws<UnsafeArchiveException>(() => SafeTar.Extract(a, target));
            Assert.That(e!.Message, Does.Contain("2,048").And.Contain(ExtractLimits.MaxBytesVariable).And.Contain(a));
            Environment.SetEnvironmentVariable(ExtractLimits.MaxBytesVariable, "2KB");
            var bad = Assert.Throws<ArgumentException>(() => SafeTar.Extract(a, target));
            Assert.That(bad!.Message, Does.Contain(ExtractLimits.MaxBytesVariable).And.Contain("'2KB'"));
            Environment.SetEnvironmentVariable(ExtractLimits.MaxBytesVariable, "4K");
            Environment.SetEnvironmentVariable(ExtractLimits.MaxEntriesVariable, "1");
            SafeTar.Extract(a, target);
            Assert.That(new FileInfo(Path.Combine(target, "a.bin")).Length, Is.EqualTo(3000));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ExtractLimits.MaxBytesVariable, null);
            Environment.SetEnvironmentVariable(ExtractLimits.MaxEntriesVariable, null);
        }
        Assert.That(ExtractLimits.FromEnvironment(), Is.EqualTo(new ExtractLimits()));
        Assert.That(new ExtractLimits().MaxBytes, Is.EqualTo(8L << 30));
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
