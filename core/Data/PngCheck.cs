// PNG structure check before decoding: every chunk complete and matching its CRC-32, IHDR first, IEND last, nothing after.
using System.Buffers.Binary;

namespace Mnist.Scripting.Data;

/// <summary>
/// libpng only warns about a bad CRC in an ancillary chunk, and a file cut after its last IDAT still decodes; so a flipped
/// bit, a truncation or two files joined could pass as a good image. Walking the chunks costs one CRC pass over a few hundred bytes.
/// </summary>
internal static class PngCheck
{
    internal static void Verify(string file, ReadOnlySpan<byte> png)
    {
        int pos = 8; // after the signature
        bool first = true;
        while (true)
        {
            if (png.Length - pos < 12)
                throw Bad(file, pos == png.Length ? $"it ends at byte {pos:N0} without an IEND chunk (truncated?)"
                    : $"it ends inside a chunk header at byte {pos:N0} (truncated?)");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png[pos..]);
            var type = png.Slice(pos + 4, 4);
            var name = ChunkName(type);
            if (length > int.MaxValue || length > png.Length - pos - 12)
                throw Bad(file, length > int.MaxValue
                    ? $"chunk {name} at byte {pos:N0} declares a length of {length:N0} bytes (corrupt length field)"
                    : $"chunk {name} at byte {pos:N0} needs {length + 12:N0} bytes but the file ends after {png.Length - pos:N0} (truncated?)");
            foreach (var c in type)
                if (c is not (>= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z'))
                    throw Bad(file, $"chunk type {name} at byte {pos:N0} is not four letters (corrupt)");
            if (first && (!type.SequenceEqual("IHDR"u8) || length != 13))
                throw Bad(file, $"the first chunk is {name} of {length} bytes, not the 13-byte IHDR");
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(png[(pos + 8 + (int)length)..]);
            uint computed = Crc32(png.Slice(pos + 4, 4 + (int)length));
            if (stored != computed)
                throw Bad(file, $"chunk {name} at byte {pos:N0} fails its CRC check (stored {stored:X8}, computed {computed:X8}): the file is corrupt");
            if (first)
            {
                // The spec caps each side at 2^31 - 1; libpng's own cap of a million comes back from SkiaSharp as a bare "incomplete input".
                long w = BinaryPrimitives.ReadUInt32BigEndian(png[(pos + 8)..]), h = BinaryPrimitives.ReadUInt32BigEndian(png[(pos + 12)..]);
                if (w is 0 or > int.MaxValue || h is 0 or > int.MaxValue) throw Bad(file, $"IHDR declares {w}x{h} pixels (each side must be 1 to 2^31 - 1)");
                ImageDecoder.CheckPixels(file, w, h);
                first = false;
            }
            pos += 12 + (int)length;
            if (type.SequenceEqual("IEND"u8))
            {
                if (pos != png.Length)
                    throw Bad(file, $"{png.Length - pos:N0} bytes follow the IEND chunk that ends the image at byte {pos:N0} (two files joined?)");
                return;
            }
        }
    }

    static string ChunkName(ReadOnlySpan<byte> type)
    {
        foreach (var c in type) if (c is < 0x20 or > 0x7E) return Convert.ToHexString(type);
        return $"'{System.Text.Encoding.ASCII.GetString(type)}'";
    }

    static ImageLoadException Bad(string file, string reason) => new(file, $"not a valid PNG: {reason}");

    /// <summary>The CRC-32 of ISO 3309 that PNG stores after each chunk (over the type and the data).</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data) => Data.Crc32.Append(0, data);
}
