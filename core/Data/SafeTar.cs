// Safe .tgz/.tar extraction: checked gzip trailers and tar headers; no absolute paths, "..", links out, devices or clashing
// names; bounded size; and nothing written outside the target folder, even when a run is killed.
using System.Formats.Tar;
using System.Text;

namespace Mnist.Scripting.Data;

/// <summary>Extracts tar archives (gzipped or not) with the checks fastai's tarfile use lacks.</summary>
public static class SafeTar
{
    /// <summary>
    /// Extracts <paramref name="archive"/> into <paramref name="target"/>, which must not exist yet: everything goes to a temporary
    /// sibling folder first and is renamed into place when complete and verified, so a failed extraction leaves nothing behind,
    /// and temporary folders of killed runs are removed. Links are materialised as copies of files already extracted, and only
    /// when they point inside the archive. <paramref name="limits"/> defaults to <see cref="ExtractLimits.FromEnvironment"/>.
    /// Errors: <see cref="UnsafeArchiveException"/> (hostile or unsupported entry, over a limit),
    /// <see cref="InvalidDataException"/> (damaged or cut short: a gzip CRC-32 or length, a tar header checksum).
    /// </summary>
    public static void Extract(string archive, string target, ExtractLimits? limits = null)
    {
        limits ??= ExtractLimits.FromEnvironment();
        target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        if (Directory.Exists(target) || File.Exists(target)) throw new IOException($"SafeTar.Extract: '{target}' already exists; delete it first");
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var prefix = "." + Path.GetFileName(target);
        foreach (var stale in StaleTemps.Sweep(parent, prefix))
            Notices.Say($"Removed {stale}, left by an interrupted extraction.");
        var tmp = Path.Combine(parent, StaleTemps.Name(prefix));
        Directory.CreateDirectory(tmp);
        try
        {
            new Extraction(archive, tmp, limits).Run();
            Directory.Move(tmp, target);
        }
        catch
        {
            try { Directory.Delete(tmp, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }

    sealed class Extraction(string archive, string root, ExtractLimits limits)
    {
        // Names that the file system would merge must count as the same entry (case-insensitive on Windows and macOS).
        static readonly StringComparer Names = OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        readonly Dictionary<string, bool> entries = new(Names); // every entry written: relative path -> is a folder
        readonly HashSet<string> folders = new(Names);           // folders, named by an entry or implied by a deeper one
        long bytes, count;

        internal void Run()
        {
            using var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var source = IsGzip(file) ? new CheckedGzipStream(file, archive) : (Stream)file;
            using var tar = new CheckedTarStream(source, archive);
            using var reader = new TarReader(tar);
            try
            {
                for (TarEntry? e; (e = reader.GetNextEntry()) is not null;) Write(e);
                if (!tar.Ended) throw ArchiveErrors.Corrupt(archive, "the tar data ends without its end-of-archive marker");
                tar.ReadToEnd();
            }
            catch (Exception ex) when (ex is InvalidDataException && !ArchiveErrors.IsOurs(ex) || ex is EndOfStreamException or FormatException or NotSupportedException)
            {
                throw ArchiveErrors.Corrupt(archive, ex is EndOfStreamException
                    ? "the tar data ends inside an entry or before its end-of-archive marker" : ex.Message.TrimEnd('.'), ex);
            }
        }

        static bool IsGzip(FileStream s)
        {
            Span<byte> b = stackalloc byte[2];
            int n = s.Read(b);
            s.Position = 0;
            return n == 2 && b[0] == 0x1f && b[1] == 0x8b;
        }

        void Write(TarEntry e)
        {
            if (e.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes) return;
            if (++count > limits.MaxEntries)
                throw ArchiveErrors.OverLimit(archive, $"it has more than {limits.MaxEntries:N0} entries",
                    $"set {ExtractLimits.MaxEntriesVariable}, or pass ExtractLimits {{ MaxEntries = ... }}");
            try { WriteEntry(e); }
            catch (IOException ex) when (ex is not (UnsafeArchiveException or EndOfStreamException))
            {
                throw new IOException($"SafeTar: extracting '{archive}': entry '{ArchiveErrors.Shown(e.Name)}' could not be written ({ex.Message}). Is the disk full?", ex);
            }
        }

        void WriteEntry(TarEntry e)
        {
            switch (e.EntryType)
            {
                case TarEntryType.Directory:
                {
                    var parts = Parts(e.Name, e.Name);
                    if (parts.Length == 0) return; // "./": the target folder itself
                    Claim(e.Name, parts, folder: true);
                    Directory.CreateDirectory(Full(e.Name, parts));
                    return;
                }
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                {
                    var dest = Claim(e.Name, Parts(e.Name, e.Name), folder: false);
                    Reserve(e.Name, e.Length);
                    Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
                    using var o = new FileStream(dest, FileMode.CreateNew, FileAccess.Write);
                    e.DataStream?.CopyTo(o);
                    return;
                }
                case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                {
                    var parts = Parts(e.Name, e.Name);
                    var link = e.LinkName;
                    if (link.Length > limits.MaxNameLength)
                        throw ArchiveErrors.Refuse(archive, e.Name, $"is a link to a {link.Length:N0}-character name, over the limit of {limits.MaxNameLength:N0} (ExtractLimits.MaxNameLength)");
                    if (Path.IsPathRooted(link) || link.StartsWith('/') || link.StartsWith('\\'))
                        throw ArchiveErrors.Refuse(archive, e.Name, $"is a link to the absolute path '{ArchiveErrors.Shown(link)}'");
                    // Symlink targets are relative to the link's folder; hard-link targets to the archive root.
                    var from = e.EntryType == TarEntryType.SymbolicLink && parts.Length > 0 ? parts[..^1] : [];
                    var src = Resolve(e.Name, from, link);
                    if (!entries.TryGetValue(string.Join('/', src), out bool isFolder) || isFolder)
                        throw ArchiveErrors.Refuse(archive, e.Name, $"is a link to '{ArchiveErrors.Shown(link)}', which is not a file extracted earlier");
                    var srcPath = Full(e.Name, src);
                    var dest = Claim(e.Name, parts, folder: false);
                    Reserve(e.Name, new FileInfo(srcPath).Length);
                    Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
                    File.Copy(srcPath, dest);
                    return;
                }
                default:
                    throw ArchiveErrors.Refuse(archive, e.Name, $"has the unsupported entry type {e.EntryType} (only files, folders and links)");
            }
        }

        // An archive name as path components, refusing absolute names, "..", and names no file system could hold.
        string[] Parts(string name, string entry)
        {
            if (name.Length > limits.MaxNameLength)
                throw ArchiveErrors.Refuse(archive, entry, $"has a {name.Length:N0}-character name, over the limit of {limits.MaxNameLength:N0} (ExtractLimits.MaxNameLength)");
            if (string.IsNullOrEmpty(name) || Path.IsPathRooted(name) || name.StartsWith('/') || name.StartsWith('\\') || name.Contains('\0'))
                throw ArchiveErrors.Refuse(archive, entry, $"has the absolute or empty path '{ArchiveErrors.Shown(name)}'");
            var parts = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
            if (parts.Contains("..")) throw ArchiveErrors.Refuse(archive, entry, $"has the path '{ArchiveErrors.Shown(name)}', which contains '..'");
            if (parts.FirstOrDefault(p => Encoding.UTF8.GetByteCount(p) > 255) is { } longPart)
                throw ArchiveErrors.Refuse(archive, entry, $"has a {Encoding.UTF8.GetByteCount(longPart):N0}-byte path component; file systems allow 255");
            return parts;
        }

        string Full(string entry, string[] parts)
        {
            var full = Path.GetFullPath(Path.Combine([root, .. parts]));
            if (!(full + Path.DirectorySeparatorChar).StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw ArchiveErrors.Refuse(archive, entry, $"has the path '{ArchiveErrors.Shown(string.Join('/', parts))}', which leads outside the target folder");
            return full;
        }

        // Records an entry's path, refusing a second entry with the same path and files where folders are (or the reverse):
        // extracting those would silently keep one version, or fail with an error naming our temporary folder.
        string Claim(string entry, string[] parts, bool folder)
        {
            if (parts.Length == 0) throw ArchiveErrors.Refuse(archive, entry, "is a file with an empty name");
            for (int i = 1; i < parts.Length; i++)
            {
                var up = string.Join('/', parts[..i]);
                if (entries.TryGetValue(up, out bool upIsFolder) && !upIsFolder)
                    throw ArchiveErrors.Refuse(archive, entry, $"lies under '{ArchiveErrors.Shown(up)}', which is a file earlier in the archive");
                folders.Add(up);
            }
            var key = string.Join('/', parts);
            if (entries.TryGetValue(key, out bool wasFolder))
                throw ArchiveErrors.Refuse(archive, entry, wasFolder == folder ? $"is a second entry with the same path (a duplicate {(folder ? "folder" : "file")})"
                    : folder ? "is a folder with the same path as a file earlier in the archive" : "is a file with the same path as a folder earlier in the archive");
            if (!folder && folders.Contains(key))
                throw ArchiveErrors.Refuse(archive, entry, "is a file with the same path as a folder that earlier entries lie in");
            entries[key] = folder;
            if (folder) folders.Add(key);
            return Full(entry, parts);
        }

        void Reserve(string entry, long n)
        {
            if (n > limits.MaxBytes - bytes)
                throw ArchiveErrors.OverLimit(archive, $"entry '{ArchiveErrors.Shown(entry)}' ({n:N0} bytes) would take the extracted size past the limit of {limits.MaxBytes:N0} bytes",
                    $"set {ExtractLimits.MaxBytesVariable} (bytes, or e.g. 20G), or pass ExtractLimits {{ MaxBytes = ... }}");
            bytes += n;
        }

        // A link target made lexical: "a/b" + "../x" is "a/x"; climbing above the archive root is refused.
        string[] Resolve(string entry, string[] from, string link)
        {
            var stack = new List<string>(from);
            foreach (var part in link.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (part == ".") continue;
                if (part != "..") { stack.Add(part); continue; }
                if (stack.Count == 0) throw ArchiveErrors.Refuse(archive, entry, $"is a link to '{ArchiveErrors.Shown(link)}', which leads outside the target folder ('..')");
                stack.RemoveAt(stack.Count - 1);
            }
            if (stack.Count == 0) throw ArchiveErrors.Refuse(archive, entry, $"is a link to the archive root '{ArchiveErrors.Shown(link)}'");
            return [.. stack];
        }
    }
}
