// Tar and gzip bytes built by hand, for archives TarWriter will not write: bad checksums, sparse and device entries, odd sizes.
using System.IO.Compression;
using System.Text;

namespace Mnist.Scripting.Tests.Data;

static class TarBytes
{
    /// <summary>One ustar header block with a correct checksum (unless <paramref name="sum"/> overrides it).</summary>
    public static byte[] Header(string name, char type = '0', long size = 0, string link = "", string prefix = "", long? sum = null)
    {
        var h = new byte[512];
        void Put(int at, string s) => Encoding.UTF8.GetBytes(s).CopyTo(h, at);
        Put(0, name);
        Put(100, "0000644\0"); Put(108, "0001750\0"); Put(116, "0001750\0");
        Put(124, Convert.ToString(size, 8).PadLeft(11, '0') + "\0");
        Put(136, "14707000000\0");
        h[156] = (byte)type;
        Put(157, link);
        Put(257, "ustar\0" + "00");
        Put(345, prefix);
        for (int i = 148; i < 156; i++) h[i] = (byte)' ';
        long s = sum ?? h.Sum(b => (long)b);
        Put(148, Convert.ToString(s, 8).PadLeft(6, '0') + "\0 ");
        return h;
    }

    public static byte[] Padded(byte[] d)
    {
        var r = new byte[(d.Length + 511) / 512 * 512];
        d.CopyTo(r, 0);
        return r;
    }

    public static byte[] File(string name, string text) => File(name, Encoding.UTF8.GetBytes(text));
    public static byte[] File(string name, byte[] data) => [.. Header(name, '0', data.Length), .. Padded(data)];
    public static byte[] Dir(string name) => Header(name, '5');
    public static byte[] Link(char type, string name, string to) => Header(name, type, link: to);

    /// <summary>A pax extended header ('x') carrying <paramref name="records"/> for the entry after it.</summary>
    public static byte[] Pax(params (string Key, string Value)[] records)
    {
        var sb = new StringBuilder();
        foreach (var (k, v) in records)
        {
            var body = $" {k}={v}\n";
            int n = body.Length + 1;
            while ((n.ToString().Length + Encoding.UTF8.GetByteCount(body)) != n) n++;
            sb.Append(n).Append(body);
        }
        var data = Encoding.UTF8.GetBytes(sb.ToString());
        return [.. Header("PaxHeaders/x", 'x', data.Length), .. Padded(data)];
    }

    /// <summary>A GNU long-name header ('L') naming the entry after it.</summary>
    public static byte[] LongName(string name)
    {
        var data = Encoding.UTF8.GetBytes(name + "\0");
        return [.. Header("././@LongLink", 'L', data.Length), .. Padded(data)];
    }

    public static readonly byte[] End = new byte[1024];

    public static byte[] Tar(params byte[][] parts) => [.. parts.SelectMany(p => p), .. End];

    public static byte[] Gzip(byte[] data, CompressionLevel level = CompressionLevel.Fastest)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, level, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    /// <summary>Deterministic text that compresses like real files do (neither all one letter nor random).</summary>
    public static string Text(int seed, int length)
    {
        var r = new Random(seed);
        var words = new[] { "mnist", "tensor", "grad", "seven", "three", "pixel", "loss", "batch", "sgd", "relu" };
        var sb = new StringBuilder();
        while (sb.Length < length) sb.Append(words[r.Next(words.Length)]).Append(r.Next(10) == 0 ? '\n' : ' ');
        return sb.ToString(0, length);
    }
}
