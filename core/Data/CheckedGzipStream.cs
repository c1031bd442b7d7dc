// Gzip decompression that checks every member's header, CRC-32 and length against its trailer, and refuses a file cut short.
using System.Buffers.Binary;
using System.IO.Compression;

namespace Mnist.Scripting.Data;

/// <summary>
/// The decompressed bytes of a gzip file (RFC 1952), member after member, each checked against its 8-byte trailer.
/// GZipStream is not enough: it checks a trailer only if the reader goes on to the very end (TarReader stops at the tar
/// end marker), and a file cut inside or before a trailer ends without any error.
/// </summary>
internal sealed class CheckedGzipStream : ReadOnlyStream
{
    readonly FileStream file;
    readonly string archive;
    readonly long length;
    Feed? feed;
    DeflateStream? inflate;
    long memberStart, dataStart;
    uint crc;
    long size;
    int members;
    bool done;

    internal CheckedGzipStream(FileStream file, string archive)
    {
        this.file = file;
        this.archive = archive;
        length = file.Length;
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        while (!done)
        {
            if (inflate is null && !StartMember()) { done = true; break; }
            int n;
            try { n = inflate!.Read(buffer); }
            catch (InvalidDataException e) { throw ArchiveErrors.Corrupt(archive, $"gzip member at byte {memberStart:N0}: {e.Message}", e); }
            if (n > 0) { crc = Crc32.Append(crc, buffer[..n]); size += n; return n; }
            EndMember();
        }
        return 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // Parses a member header; false when only zero padding (written by some tape tools) or nothing follows the last member.
    bool StartMember()
    {
        memberStart = file.Position;
        if (members > 0 && RestIsZero()) return false;
        var header = new List<byte>(16);
        byte Next()
        {
            int b = file.ReadByte();
            if (b < 0) throw Bad(members == 0 ? "the file ends inside the gzip header" : "the file ends inside a gzip member header");
            header.Add((byte)b);
            return (byte)b;
        }
        if (Next() != 0x1f || Next() != 0x8b)
            throw Bad(members == 0 ? "not a gzip file" : $"{length - memberStart:N0} bytes after the last gzip member are not a gzip member");
        if (Next() is var cm && cm != 8) throw Bad($"gzip compression method {cm}, expected 8 (deflate)");
        byte flags = Next();
        if ((flags & 0xE0) != 0) throw Bad($"gzip header flags 0x{flags:x2} set reserved bits");
        for (int i = 0; i < 6; i++) Next(); // modification time, extra flags, OS: informational only
        if ((flags & 4) != 0) for (int n = Next() | Next() << 8; n > 0; n--) Next();
        if ((flags & 8) != 0) while (Next() != 0) { }
        if ((flags & 16) != 0) while (Next() != 0) { }
        if ((flags & 2) != 0)
        {
            uint want = Crc32.Append(0, header.ToArray()) & 0xFFFF;
            if ((uint)(Next() | Next() << 8) != want) throw Bad("gzip header CRC-16 does not match");
        }
        dataStart = file.Position;
        feed = new Feed(file);
        inflate = new DeflateStream(feed, CompressionMode.Decompress, leaveOpen: true);
        crc = 0;
        size = 0;
        members++;
        return true;
    }

    // DeflateStream reads ahead in chunks and does not say where the deflate data ended, so the trailer is found by content:
    // it lies inside the inflater's last two reads (one suffices; two allow for a read made just before it saw the end),
    // and must hold exactly the CRC-32 and length we computed. Any other 8 bytes there match by chance with probability
    // 2^-64 per position, far below the 2^-32 at which CRC-32 itself misses damage, so this is as strict as gzip's own check.
    void EndMember()
    {
        long consumed = file.Position;
        long lo = Math.Max(dataStart, feed!.PreviousStart);
        long hi = Math.Min(consumed + 8, length);
        var window = new byte[Math.Max(0, hi - lo)];
        file.Position = lo;
        file.ReadExactly(window);
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)size);
        int at = window.AsSpan().IndexOf(trailer);
        if (at < 0)
            throw Bad($"gzip member at byte {memberStart:N0} inflates to {size:N0} bytes with CRC-32 {crc:x8}, " +
                      "but its trailer does not record that (damaged data, or the file is cut short)");
        file.Position = lo + at + 8;
        inflate!.Dispose();
        inflate = null;
        feed = null;
    }

    bool RestIsZero()
    {
        var buf = new byte[1 << 16];
        long pos = file.Position;
        for (int n; (n = file.Read(buf)) > 0;)
            if (buf.AsSpan(0, n).IndexOfAnyExcept((byte)0) >= 0) { file.Position = pos; return false; }
        return true;
    }

    InvalidDataException Bad(string detail) => ArchiveErrors.Corrupt(archive, detail);

    protected override void Dispose(bool disposing)
    {
        if (disposing) inflate?.Dispose();
        base.Dispose(disposing);
    }

    // The inflater's input: the file's bytes, remembering where its last two reads began. Not seekable on purpose, so no
    // runtime version rewinds it behind our back.
    sealed class Feed(FileStream file) : ReadOnlyStream
    {
        internal long LastStart = -1, PreviousStart = -1;

        public override int Read(Span<byte> buffer)
        {
            long at = file.Position;
            int n = file.Read(buffer);
            if (n > 0) { PreviousStart = LastStart; LastStart = at; }
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    }
}
