// A cache of stacked image folders: raw uint8 bytes keyed by the folder's file names, sizes and times, so a second load is a file read.
using System.Security.Cryptography;
using System.Text;

namespace Mnist.Scripting.Data;

/// <summary>Where <see cref="Images.LoadFolder"/> keeps stacked folders; any change to the folder's files invalidates an entry.</summary>
public static class ImageCache
{
    static readonly byte[] Magic = "MSIMGC01"u8.ToArray();

    /// <summary>The cache folder: <c>{DataHome.Home}/cache/images</c> unless set; setting null goes back to that default.</summary>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public static string Folder { get => folder ?? Path.Combine(DataHome.Home, "cache", "images"); set => folder = value; }
    static string? folder;

    internal static byte[] Fingerprint(string dir, string[] files, ImageMode mode)
    {
        var sb = new StringBuilder().Append(mode).Append('\n');
        foreach (var f in files)
        {
            var fi = new FileInfo(f);
            sb.Append(fi.Name).Append('|').Append(fi.Length).Append('|').Append(fi.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    static string EntryPath(string dir)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dir))))[..16];
        return Path.Combine(Folder, $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)))}-{id}.u8");
    }

    internal static Tensor? TryLoad(string dir, byte[] key)
    {
        var p = EntryPath(dir);
        if (!File.Exists(p)) return null;
        try
        {
            using var fs = new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var r = new BinaryReader(fs);
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || !r.ReadBytes(32).AsSpan().SequenceEqual(key)) return null;
            int rank = r.ReadInt32();
            if (rank is < 1 or > 4) return null;
            var shape = new int[rank];
            long n = 1;
            // An entry bigger than the stack limit is rebuilt, so the rebuild reports the limit clearly.
            long limit = Math.Min(ImageLimits.MaxStackBytes, Array.MaxLength);
            for (int i = 0; i < rank; i++)
            {
                shape[i] = r.ReadInt32();
                n *= shape[i];
                if (shape[i] <= 0 || n > limit) return null;
            }
            if (n != fs.Length - fs.Position) return null;
            var data = new byte[n];
            fs.ReadExactly(data);
            return Tensor.FromArray(data, shape);
        }
        catch (IOException) { return null; } // a damaged entry is just rebuilt
    }

    internal static void Save(string dir, byte[] key, Tensor t)
    {
        try
        {
            Directory.CreateDirectory(Folder);
            // Entries are written to a temporary and renamed; a process killed in between leaves the temporary, removed here.
            StaleTemps.Sweep(Folder, prefix: null);
            var p = EntryPath(dir);
            var tmp = StaleTemps.Name(p);
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
            using (var w = new BinaryWriter(fs))
            {
                w.Write(Magic); w.Write(key); w.Write(t.Dim);
                foreach (var s in t.Shape.ToArray()) w.Write(s);
                w.Write(t.ToArray<byte>());
            }
            File.Move(tmp, p, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Caching is an optimisation: a read-only disk only costs the next load its decode time.
        }
    }
}
