// CRC-32 (IEEE 802.3, the polynomial gzip and zip use), table driven: enough speed for archive checks without a package.
namespace Mnist.Scripting.Data;

internal static class Crc32
{
    // Slicing-by-4 tables: four bytes per step keeps checking well below the cost of inflating the same bytes.
    static readonly uint[][] Tables = Build();

    static uint[][] Build()
    {
        var t = new uint[4][];
        for (int k = 0; k < 4; k++) t[k] = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int j = 0; j < 8; j++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[0][i] = c;
        }
        for (int i = 0; i < 256; i++)
            for (int k = 1; k < 4; k++) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
        return t;
    }

    /// <summary>The CRC-32 of everything hashed so far followed by <paramref name="data"/>; start from 0.</summary>
    internal static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] t0 = Tables[0], t1 = Tables[1], t2 = Tables[2], t3 = Tables[3];
        uint c = ~crc;
        int i = 0;
        for (; i + 4 <= data.Length; i += 4)
        {
            c ^= (uint)(data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24);
            c = t3[c & 0xFF] ^ t2[(c >> 8) & 0xFF] ^ t1[(c >> 16) & 0xFF] ^ t0[c >> 24];
        }
        for (; i < data.Length; i++) c = t0[(c ^ data[i]) & 0xFF] ^ (c >> 8);
        return ~c;
    }
}
