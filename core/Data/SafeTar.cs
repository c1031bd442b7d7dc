// Safe .tgz/.tar extraction: no absolute paths, no "..", no links leading out, and nothing written outside the target folder.
using System.Formats.Tar;
using System.IO.Compression;

namespace Mnist.Scripting.Data;

/// <summary>Extracts tar archives (gzipped or not) with the checks fastai's tarfile use lacks.</summary>
public static class SafeTar
{
    /// <summary>
    /// Extracts <paramref name="archive"/> into <paramref name="target"/>, which must not exist yet: everything goes to a temporary
    /// sibling folder first and is renamed into place when complete, so a failed extraction leaves nothing behind.
    /// Links are materialised as copies of files already extracted, and only when they point inside the archive.
    /// </summary>
    public static void Extract(string archive, string target)
    {
        target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        if (Directory.Exists(target) || File.Exists(target)) throw new IOException($"SafeTar.Extract: '{target}' already exists; delete it first");
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var tmp = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(tmp);
        try
        {
            ExtractInto(archive, tmp);
            Directory.Move(tmp, target);
        }
        catch
        {
            try { Directory.Delete(tmp, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    static void ExtractInto(string archive, string root)
    {
        using var file = File.OpenRead(archive);
        using var input = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        using var reader = new TarReader(input);
        try
        {
            for (TarEntry? e; (e = reader.GetNextEntry()) is not null;)
                Write(archive, root, e);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new InvalidDataException($"SafeTar: '{archive}' is truncated or corrupt ({ex.Message}). Delete it and download it again.", ex);
        }
    }

    static bool IsGzip(FileStream s)
    {
        Span<byte> b = stackalloc byte[2];
        int n = s.Read(b);
        s.Position = 0;
        return n == 2 && b[0] == 0x1f && b[1] == 0x8b;
    }

    static void Write(string archive, string root, TarEntry e)
    {
        switch (e.EntryType)
        {
            case TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes:
                return;
            case TarEntryType.Directory:
                Directory.CreateDirectory(Inside(archive, root, e.Name));
                return;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
            {
                var dest = Inside(archive, root, e.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
                using var o = new FileStream(dest, FileMode.Create, FileAccess.Write);
                e.DataStream?.CopyTo(o);
                return;
            }
            case TarEntryType.SymbolicLink or TarEntryType.HardLink:
            {
                var dest = Inside(archive, root, e.Name);
                // Symlink targets are relative to the link's folder; hard-link targets to the archive root.
                var baseDir = e.EntryType == TarEntryType.SymbolicLink ? Path.GetDirectoryName(e.Name.TrimEnd('/')) ?? "" : "";
                if (Path.IsPathRooted(e.LinkName)) Reject(archive, e.Name, $"link to the absolute path '{e.LinkName}'");
                var src = Inside(archive, root, Resolve(archive, e.Name, baseDir, e.LinkName), e.Name);
                if (!File.Exists(src)) Reject(archive, e.Name, $"link to '{e.LinkName}', which is not a file extracted earlier");
                Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
                File.Copy(src, dest, overwrite: true);
                return;
            }
            default:
                Reject(archive, e.Name, $"unsupported entry type {e.EntryType}");
                return;
        }
    }

    // The full path of an archive name inside root, refusing absolute names and any ".." that climbs out.
    static string Inside(string archive, string root, string name, string? entry = null)
    {
        entry ??= name;
        if (string.IsNullOrEmpty(name) || Path.IsPathRooted(name) || name.StartsWith('/') || name.StartsWith('\\') || name.Contains('\0'))
            Reject(archive, entry, $"absolute or empty path '{name}'");
        var parts = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Contains("..")) Reject(archive, entry, $"path '{name}' contains '..'");
        var full = Path.GetFullPath(Path.Combine(root, Path.Combine(parts.Where(p => p != ".").ToArray())));
        if (!(full + Path.DirectorySeparatorChar).StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            Reject(archive, entry, $"path '{name}' leads outside the target folder");
        return full;
    }

    // A link target made lexical: "a/b" + "../x" is "a/x"; climbing above the archive root is refused.
    static string Resolve(string archive, string entry, string baseDir, string link)
    {
        var stack = new List<string>();
        foreach (var part in (baseDir + "/" + link).Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part != "..") { stack.Add(part); continue; }
            if (stack.Count == 0) Reject(archive, entry, $"link to '{link}', which leads outside the target folder ('..')");
            stack.RemoveAt(stack.Count - 1);
        }
        if (stack.Count == 0) Reject(archive, entry, $"link to the archive root '{link}'");
        return string.Join('/', stack);
    }

    static void Reject(string archive, string entry, string why) =>
        throw new UnsafeArchiveException($"SafeTar: refusing '{archive}': entry '{entry}' is a {why}. The archive may be hostile; nothing was extracted.");
}

/// <summary>An archive entry that would escape the target folder (absolute path, "..", link out) or is not a file, folder or link.</summary>
public sealed class UnsafeArchiveException(string message) : IOException(message);
