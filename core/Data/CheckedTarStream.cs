// Reads a tar stream ahead of TarReader and checks what TarReader does not: every header's checksum, entry types we refuse,
// bounded extended headers, and nothing but zeros after the end-of-archive marker.
using System.Text;

namespace Mnist.Scripting.Data;

/// <summary>
/// Passes a tar stream through unchanged while following its block structure (header, data padded to 512 bytes, ...).
/// System.Formats.Tar does not verify header checksums, so a flipped bit in a name or size reads as a different archive.
/// Each header is checked here before TarReader parses it; if the two ever disagree on where a header is, the checksum of the
/// block we took for a header fails, so a disagreement is an error, never a silent misread.
/// </summary>
internal sealed class CheckedTarStream(Stream inner, string archive) : ReadOnlyStream
{
    const int Block = 512;
    // pax and GNU long-name headers are buffered to be parsed; real ones are a few hundred bytes.
    const long MaxExtendedHeader = 1 << 20;

    readonly byte[] header = new byte[Block];
    int have;                  // bytes of the current header collected so far
    long skip;                 // data and padding bytes before the next header
    MemoryStream? capture;     // the data of a pax 'x' or GNU 'L' header being collected
    char captureType;
    long captureLeft;
    long offset;               // position in the tar stream of the next byte we see
    string? longName, paxPath;
    long? paxSize;
    bool paxSparse;

    /// <summary>True once an all-zero block (the end-of-archive marker) was seen.</summary>
    internal bool Ended { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        Observe(buffer[..n]);
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Reads what TarReader left after the end marker: the padding must be zeros, and a gzip source checks its trailer.</summary>
    internal void ReadToEnd()
    {
        var buf = new byte[1 << 16];
        while (Read(buf) > 0) { }
    }

    void Observe(ReadOnlySpan<byte> s)
    {
        while (!s.IsEmpty)
        {
            if (Ended)
            {
                int bad = s.IndexOfAnyExcept((byte)0);
                if (bad >= 0) throw Corrupt($"non-zero data at byte {offset + bad:N0}, after the tar end-of-archive marker (more entries that would be ignored?)");
                offset += s.Length;
                return;
            }
            if (skip > 0)
            {
                int k = (int)Math.Min(skip, s.Length);
                if (capture is not null && captureLeft > 0)
                {
                    int c = (int)Math.Min(captureLeft, k);
                    capture.Write(s[..c]);
                    captureLeft -= c;
                }
                skip -= k;
                offset += k;
                s = s[k..];
                if (skip == 0 && capture is not null) EndCapture();
                continue;
            }
            int take = Math.Min(Block - have, s.Length);
            s[..take].CopyTo(header.AsSpan(have));
            have += take;
            offset += take;
            s = s[take..];
            if (have == Block) { have = 0; Header(offset - Block); }
        }
    }

    void Header(long at)
    {
        var h = header.AsSpan();
        if (h.IndexOfAnyExcept((byte)0) < 0) { Ended = true; return; }
        string name = longName ?? paxPath ?? UstarName(h);
        if (!TryOctal(h.Slice(148, 8), out long stored))
            throw Corrupt($"the tar header at byte {at:N0} (entry '{ArchiveErrors.Shown(name)}') has an unreadable checksum field");
        long unsigned = 0, signed = 0;
        for (int i = 0; i < Block; i++)
        {
            byte b = i is >= 148 and < 156 ? (byte)' ' : h[i];
            unsigned += b;
            signed += (sbyte)b; // some old tar writers summed signed chars; GNU tar accepts either
        }
        if (stored != unsigned && stored != signed)
            throw Corrupt($"the tar header at byte {at:N0} (entry '{ArchiveErrors.Shown(name)}') has checksum {stored}, but its bytes sum to {unsigned}");
        char type = (char)h[156];
        long own = Number(h.Slice(124, 12), at, name);
        long size = type is 'x' or 'L' or 'K' or 'g' ? own : paxSize ?? own;
        bool sparse = paxSparse;
        if (type is not ('x' or 'L' or 'K' or 'g')) { longName = null; paxPath = null; paxSize = null; paxSparse = false; }
        switch (type)
        {
            case 'x' or 'L' or 'K' or 'g':
                // TarReader holds these in memory, so a hostile size must fail here, before it reads them.
                if (size > MaxExtendedHeader)
                    throw Corrupt($"the tar header at byte {at:N0} declares a {size:N0}-byte extended header (pax or long name); real ones are under {MaxExtendedHeader:N0}");
                Begin(type, size);
                return;
            case '0' or '\0' or '7':
                if (sparse) throw ArchiveErrors.Refuse(archive, name, "is a sparse file (GNU.sparse pax records), which is not supported");
                break;
            case '1' or '2' or '5':
                if (size != 0) throw Corrupt($"entry '{ArchiveErrors.Shown(name)}' (tar type '{type}') declares {size:N0} bytes of data, but links and folders have none");
                break;
            case '3': throw ArchiveErrors.Refuse(archive, name, "is a character device, which is not supported (only files, folders and links)");
            case '4': throw ArchiveErrors.Refuse(archive, name, "is a block device, which is not supported (only files, folders and links)");
            case '6': throw ArchiveErrors.Refuse(archive, name, "is a fifo, which is not supported (only files, folders and links)");
            case 'S': throw ArchiveErrors.Refuse(archive, name, "is a GNU sparse file, which is not supported (only files, folders and links)");
            default: throw ArchiveErrors.Refuse(archive, name, $"has the unsupported tar entry type '{(char.IsControl(type) ? '?' : type)}' (only files, folders and links)");
        }
        skip = Padded(size);
    }

    void Begin(char type, long size)
    {
        captureType = type;
        capture = new MemoryStream((int)size);
        captureLeft = size;
        skip = Padded(size);
        if (skip == 0) EndCapture();
    }

    void EndCapture()
    {
        var data = capture!.ToArray();
        capture = null;
        if (captureType == 'L') { longName = Encoding.UTF8.GetString(data).TrimEnd('\0'); return; }
        if (captureType != 'x') return;
        // pax records: "<length> <key>=<value>\n", the length counting the whole record, so a value may hold any byte,
        // newlines included; TarReader reads them by length and applies size and path from them, so we do the same.
        for (int at = 0; at < data.Length;)
        {
            int sp = Array.IndexOf(data, (byte)' ', at);
            if (sp < 0 || !int.TryParse(Encoding.ASCII.GetString(data, at, sp - at), out int length)
                || length <= sp - at + 1 || length > data.Length - at || data[at + length - 1] != (byte)'\n')
                throw Corrupt($"a pax extended header has a malformed record at byte {at} of its {data.Length}");
            var record = Encoding.UTF8.GetString(data, sp + 1, at + length - 1 - (sp + 1));
            at += length;
            int eq = record.IndexOf('=');
            if (eq <= 0) throw Corrupt($"a pax extended header record has no key=value: '{ArchiveErrors.Shown(record)}'");
            var key = record[..eq];
            var value = record[(eq + 1)..];
            if (key == "path") paxPath = value;
            else if (key == "size" && long.TryParse(value, out long v) && v >= 0) paxSize = v;
            else if (key.StartsWith("GNU.sparse.", StringComparison.Ordinal)) paxSparse = true;
        }
    }

    static long Padded(long size) => (size + Block - 1) / Block * Block;

    static string UstarName(ReadOnlySpan<byte> h)
    {
        string name = Field(h[..100]);
        if (!h.Slice(257, 5).SequenceEqual("ustar"u8)) return name;
        string prefix = Field(h.Slice(345, 155));
        return prefix.Length > 0 ? prefix + "/" + name : name;
    }

    static string Field(ReadOnlySpan<byte> f)
    {
        int end = f.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? f : f[..end]);
    }

    // Numeric fields are octal text, or base-256 binary (high bit of the first byte set) for sizes over 8 GiB.
    long Number(ReadOnlySpan<byte> f, long at, string name)
    {
        if ((f[0] & 0x80) != 0)
        {
            if (f[0] != 0x80) throw Corrupt($"the tar header at byte {at:N0} (entry '{ArchiveErrors.Shown(name)}') has a negative or oversized size");
            // Sizes past what a padded block count can hold are corrupt, not an OverflowException.
            long v = 0;
            foreach (var b in f[1..])
            {
                if (v > (long.MaxValue - 2 * Block) / 256) throw Corrupt($"the tar header at byte {at:N0} (entry '{ArchiveErrors.Shown(name)}') has an oversized size");
                v = v * 256 + b;
            }
            return v;
        }
        if (!TryOctal(f, out long n)) throw Corrupt($"the tar header at byte {at:N0} (entry '{ArchiveErrors.Shown(name)}') has an unreadable size field");
        return n;
    }

    static bool TryOctal(ReadOnlySpan<byte> f, out long v)
    {
        v = 0;
        int i = 0;
        while (i < f.Length && f[i] == ' ') i++;
        int digits = 0;
        for (; i < f.Length && f[i] is >= (byte)'0' and <= (byte)'7'; i++, digits++) v = v * 8 + (f[i] - '0');
        for (; i < f.Length; i++) if (f[i] is not (0 or (byte)' ')) return false;
        return digits > 0;
    }

    InvalidDataException Corrupt(string detail) => ArchiveErrors.Corrupt(archive, detail);

}
