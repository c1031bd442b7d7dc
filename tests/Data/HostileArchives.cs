// The corpus of hostile and damaged archives: each with the error it must raise (type and a phrase of the message).
using System.Text;
using Mnist.Scripting.Data;
using static Mnist.Scripting.Tests.Data.TarBytes;

namespace Mnist.Scripting.Tests.Data;

/// <summary>One hostile input. <paramref name="MayBeHarmless"/>: a bit flip that may land where it changes nothing (gzip
/// padding bits, the FTEXT flag); then the extraction must succeed and equal the undamaged one.</summary>
public sealed record Hostile(string Name, Func<byte[]> Bytes, Type Error, string Phrase, string Ext = ".tgz", bool MayBeHarmless = false)
{
    public override string ToString() => Name;
}

public static class HostileArchives
{
    /// <summary>The limits every corpus case runs under: small, so bombs stay small.</summary>
    public static readonly ExtractLimits Limits = new() { MaxBytes = 64 << 10, MaxEntries = 50, MaxNameLength = 1024 };

    static readonly Type Unsafe = typeof(UnsafeArchiveException), Corrupt = typeof(InvalidDataException);
    const string Damaged = "truncated or corrupt";

    /// <summary>A small, valid tar: folders, text files and an inside link. Its gzip is what the flip cases damage.</summary>
    public static readonly byte[] GoodTar = Tar(
        Dir("top/"), File("top/readme.txt", Text(1, 3000)), Dir("top/train/"), File("top/train/3.txt", Text(2, 5000)),
        File("top/train/7.txt", Text(3, 4000)), Link('1', "top/train/7-copy.txt", "top/train/7.txt"), File("top/labels.csv", Text(4, 1500)));
    public static readonly byte[] GoodTgz = Gzip(GoodTar);

    static Hostile U(string name, string phrase, params byte[][] parts) => new(name, () => Gzip(Tar(parts)), Unsafe, phrase);
    static Hostile C(string name, string phrase, Func<byte[]> bytes, string ext = ".tgz") => new(name, bytes, Corrupt, phrase, ext);

    static byte[] Flip(byte[] b, int pos, int bit) { var c = (byte[])b.Clone(); c[pos] ^= (byte)(1 << bit); return c; }

    public static IEnumerable<Hostile> All()
    {
        // Paths that leave the target folder.
        yield return U("dotdot-middle", "'..'", File("ok.txt", "x"), File("top/../../evil.txt", "x"));
        yield return U("dotdot-leading", "'..'", File("../evil.txt", "x"));
        yield return U("dotdot-backslash", "'..'", File("..\\evil.txt", "x"));
        yield return U("dotdot-folder", "'..'", Dir("../up/"));
        yield return U("absolute-file", "absolute", File("/tmp/mnist-evil.txt", "x"));
        yield return U("absolute-folder", "absolute", Dir("/tmp/mnist-evil/"));
        yield return U("absolute-backslash", "absolute", File("\\mnist-evil.txt", "x"));
        yield return U("absolute-ustar-prefix", "absolute", Header("evil.txt", '0', 0, prefix: "/tmp"));
        yield return U("absolute-pax-path", "absolute", Pax(("path", "/tmp/mnist-evil.txt")), File("innocent.txt", "x"));
        yield return U("dotdot-pax-path", "'..'", Pax(("path", "a/../../evil.txt")), File("innocent.txt", "x"));
        yield return U("dotdot-gnu-longname", "'..'", LongName("a/../../" + new string('e', 120)), File("innocent.txt", "x"));
        // Links that lead out, or to nothing extracted.
        yield return U("symlink-out", "'..'", File("ok.txt", "x"), Link('2', "escape", "../../abs-evil.txt"));
        yield return U("symlink-absolute", "absolute", Link('2', "passwd", "/etc/passwd"));
        yield return U("hardlink-out", "'..'", File("ok.txt", "x"), Link('1', "h", "../work/secret"));
        yield return U("hardlink-absolute", "absolute", Link('1', "shadow", "/etc/shadow"));
        yield return U("symlink-nested-out", "'..'", File("a/x", "x"), Link('2', "a/b/l", "../../../x"));
        yield return U("symlink-parent-then-write-through", "'..'", Link('2', "escape", ".."), File("escape/x", "x"));
        yield return U("symlink-to-folder", "not a file extracted earlier", Dir("top/"), Link('2', "l", "top"));
        yield return U("symlink-to-later-file", "not a file extracted earlier", Link('2', "l", "later.txt"), File("later.txt", "x"));
        yield return U("hardlink-to-itself", "not a file extracted earlier", Link('1', "self", "self"));
        yield return U("symlink-to-root", "archive root", Link('2', "root", "."));
        // Entries that are not files, folders or links.
        yield return U("fifo", "fifo", Header("fifo", '6'));
        yield return U("char-device", "character device", Header("tty", '3'));
        yield return U("block-device", "block device", Header("sda", '4'));
        yield return U("gnu-sparse", "sparse", Header("sparse.bin", 'S', 512), Padded(new byte[512]));
        yield return U("pax-sparse", "sparse", Pax(("GNU.sparse.major", "1"), ("GNU.sparse.minor", "0"), ("GNU.sparse.realsize", "1048576")), File("GNUSparseFile.0/s", "x"));
        foreach (var t in "QVDMN")
            yield return U($"unknown-type-{t}", "unsupported", Header($"odd-{t}", t));
        // Duplicate and clashing names: extracting would silently keep one of them.
        yield return U("duplicate-file", "duplicate file", File("a.txt", "one"), File("a.txt", "two"));
        yield return U("duplicate-file-dot-slash", "duplicate file", File("a.txt", "one"), File("./a.txt", "two"));
        yield return U("duplicate-folder", "duplicate folder", Dir("d/"), Dir("d/"));
        yield return U("file-then-folder", "folder with the same path as a file", File("a", "x"), Dir("a/"));
        yield return U("folder-then-file", "file with the same path as a folder", Dir("a/"), File("a", "x"));
        yield return U("file-then-file-under-it", "which is a file", File("a", "x"), File("a/b", "y"));
        yield return U("implied-folder-then-file", "file with the same path as a folder", File("a/b", "y"), File("a", "x"));
        yield return U("hardlink-over-file", "duplicate file", File("a", "x"), File("b", "y"), Link('1', "a", "b"));
        yield return U("symlink-over-folder", "same path as a folder", Dir("d/"), File("x", "x"), Link('2', "d", "x"));
        // Bombs and other excess (run under Limits: 64 KiB, 50 entries).
        yield return U("bomb-one-file", ExtractLimits.MaxBytesVariable, File("zeros.bin", new byte[1 << 20]));
        yield return U("bomb-many-files", ExtractLimits.MaxBytesVariable, [.. Enumerable.Range(0, 20).Select(i => File($"f{i}.bin", new byte[4096]))]);
        yield return U("bomb-hardlink-copies", ExtractLimits.MaxBytesVariable, File("a.bin", new byte[40 << 10]), Link('1', "b.bin", "a.bin"));
        yield return new("bomb-pax-size-without-data", () => Gzip(Tar(Pax(("size", "10000000000")), Header("huge.bin", '0', 0))), Unsafe, ExtractLimits.MaxBytesVariable);
        yield return U("too-many-files", ExtractLimits.MaxEntriesVariable, [.. Enumerable.Range(0, 51).Select(i => File($"f{i}", ""))]);
        yield return U("too-many-folders", ExtractLimits.MaxEntriesVariable, [.. Enumerable.Range(0, 51).Select(i => Dir($"d{i}/"))]);
        yield return U("very-long-name", "MaxNameLength", Pax(("path", string.Join('/', Enumerable.Repeat(new string('n', 200), 10)))), File("x", "x"));
        yield return U("very-long-component", "255", Pax(("path", new string('n', 300))), File("x", "x"));
        yield return U("very-long-link-target", "MaxNameLength", File("x", "x"), Pax(("linkpath", string.Join('/', Enumerable.Repeat("x", 1500)))), Link('2', "l", "x"));

        // Gzip damage: trailer, cuts, header fields, members.
        for (int i = 0; i < 4; i++)
        {
            int k = i;
            yield return C($"gzip-crc-byte-{k}", Damaged, () => Flip(GoodTgz, GoodTgz.Length - 8 + k, 3));
            yield return C($"gzip-isize-byte-{k}", Damaged, () => Flip(GoodTgz, GoodTgz.Length - 4 + k, 0));
        }
        foreach (int cut in new[] { 1, 4, 7, 8, 9, 100 })
            yield return C($"gzip-cut-{cut}", Damaged, () => GoodTgz[..^cut]);
        yield return C("gzip-cut-half", Damaged, () => GoodTgz[..(GoodTgz.Length / 2)]);
        yield return C("gzip-header-only", Damaged, () => GoodTgz[..10]);
        yield return C("gzip-trailing-garbage", "not a gzip member", () => [.. GoodTgz, .. "junk"u8.ToArray()]);
        yield return C("gzip-method-not-deflate", "compression method", () => { var b = (byte[])GoodTgz.Clone(); b[2] = 7; return b; });
        yield return C("gzip-reserved-flags", "reserved bits", () => { var b = (byte[])GoodTgz.Clone(); b[3] |= 0x20; return b; });
        yield return C("gzip-header-crc-wrong", "CRC-16", () => [.. GoodTgz[..3], (byte)(GoodTgz[3] | 2), .. GoodTgz[4..10], 0x12, 0x34, .. GoodTgz[10..]]);
        yield return C("gzip-extra-field-runs-off", Damaged, () => [.. GoodTgz[..3], (byte)(GoodTgz[3] | 4), .. GoodTgz[4..10], 0xFF, 0xFF, .. GoodTgz[10..]]);
        yield return C("gzip-second-member-crc", Damaged, () => { var (a, b) = Members(); return [.. a, .. Flip(b, b.Length - 6, 1)]; });
        yield return C("gzip-first-member-isize", Damaged, () => { var (a, b) = Members(); return [.. Flip(a, a.Length - 2, 4), .. b]; });
        yield return C("gzip-second-member-cut", Damaged, () => { var (a, b) = Members(); return [.. a, .. b[..^3]]; });
        yield return C("gzip-second-member-missing", Damaged, () => Members().First);
        // Bit flips spread over the whole .tgz (the MTIME, XFL and OS header bytes 4..9 are informational and skipped).
        for (int i = 0; i < 48; i++)
        {
            int pos = i < 4 ? i : 10 + (int)((long)(i - 4) * (GoodTgz.Length - 11) / 43), bit = i * 3 % 8;
            yield return new($"tgz-flip-{pos}-bit-{bit}", () => Flip(GoodTgz, pos, bit), Corrupt, Damaged, MayBeHarmless: true);
        }

        // Tar damage: header checksums (every 8th byte of two headers, in a plain .tar and gzip-wrapped so gzip's own check passes).
        foreach (int pos in Enumerable.Range(0, 64).Select(i => i * 8))
            yield return C($"tar-header-flip-{pos}", "checksum", () => Flip(GoodTar, pos, pos / 8 % 8), ".tar");
        const int second = 512 + 512 + 3072; // after top/ and top/readme.txt (its header, then 3,000 bytes padded to 3,072)
        foreach (int pos in Enumerable.Range(0, 8).Select(i => second + i * 64))
            yield return C($"tgz-header-flip-{pos}", "checksum", () => Gzip(Flip(GoodTar, pos, 5)));
        yield return C("tar-checksum-wrong", "checksum", () => Gzip(Tar(Header("a.txt", '0', 0, sum: 1234))));
        yield return C("tar-checksum-unreadable", "checksum", () => { var h = Header("a.txt"); h[150] = (byte)'9'; return Gzip(Tar(h)); });
        yield return C("tar-size-unreadable", "size field", () => { var h = Header("a.txt"); h[126] = (byte)'x'; return Gzip(Tar(Resum(h))); });
        yield return C("tar-data-after-end-marker", "end-of-archive marker", () => Gzip([.. GoodTar, .. File("hidden.txt", "x")]));
        yield return C("tar-no-end-marker", Damaged, () => Gzip(GoodTar[..^1024]));
        yield return C("tar-cut-inside-data", Damaged, () => GoodTar[..2000], ".tar");
        yield return C("tar-folder-with-data", "declares", () => Gzip(Tar(Header("d/", '5', 512), Padded(new byte[512]))));
        yield return C("tar-huge-pax-header", "extended header", () => Gzip(Tar(Header("PaxHeaders/x", 'x', 1L << 33))));
        // Pax records are read by their length prefix, as TarReader reads them: a record whose length lies, or one
        // without key=value, is a corrupt archive (whichever of the two readers sees it first says so).
        yield return C("tar-pax-record-length-lies", "record", () =>
        {
            var data = Encoding.UTF8.GetBytes("99 path=a.txt\n");
            return Gzip(Tar([.. Header("PaxHeaders/x", 'x', data.Length), .. Padded(data)], File("a.txt", "x")));
        });
        yield return C("tar-pax-record-without-key", "record", () =>
        {
            var data = Encoding.UTF8.GetBytes("9 novalue\n");
            return Gzip(Tar([.. Header("PaxHeaders/x", 'x', data.Length), .. Padded(data)], File("a.txt", "x")));
        });
        yield return C("tar-negative-size", "size", () => { var h = Header("a.txt"); h[124] = 0xFF; return Gzip([.. Resum(h), .. End]); });
        yield return C("empty-file", Damaged, () => [], ".tar");
        yield return C("random-bytes", Damaged, () => { var b = new byte[5000]; new Random(1).NextBytes(b); b[0] = 0x1f; b[1] = 0x8b; return b; });
    }

    // The good tar split into two gzip members at a block boundary, as pigz --independent or concatenation would make.
    static (byte[] First, byte[] Second) Members() => (Gzip(GoodTar[..4096]), Gzip(GoodTar[4096..]));

    static byte[] Resum(byte[] h)
    {
        for (int i = 148; i < 156; i++) h[i] = (byte)' ';
        Encoding.ASCII.GetBytes(Convert.ToString(h.Sum(b => (long)b), 8).PadLeft(6, '0') + "\0 ").CopyTo(h, 148);
        return h;
    }
}
