// Fetching one RemoteFile into the archive cache: mirror first, then HTTP into a .part file, verified, then renamed into place.
using System.Security.Cryptography;

namespace Mnist.Scripting.Data;

internal static class Downloader
{
    internal static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan }; // stalls are caught per read (Progress.StallTimeout)

    /// <summary>Null when <paramref name="path"/> has the expected size and hash, else the reason it does not.</summary>
    internal static string? Verify(string path, RemoteFile f)
    {
        long len = new FileInfo(path).Length;
        if (len != f.Size) return $"size is {len:N0} bytes, expected {f.Size:N0}";
        if (f.Sha256 is null) return null;
        using var s = File.OpenRead(path);
        var sha = Convert.ToHexStringLower(SHA256.HashData(s));
        return sha == f.Sha256 ? null : $"SHA-256 is {sha}, expected {f.Sha256}";
    }

    /// <summary>The verified archive, downloading or copying it from the mirror when missing or damaged.</summary>
    internal static string Fetch(RemoteFile f)
    {
        var dest = Path.Combine(DataHome.ArchiveDir, f.FileName);
        using var _ = FileLock.Acquire(dest + ".lock", f.FileName);
        if (File.Exists(dest))
        {
            if (Verify(dest, f) is not { } bad) return dest;
            Notices.Say($"{dest} is corrupt or not the latest version ({bad}); downloading a new copy...");
            File.Delete(dest);
        }
        var part = dest + ".part";
        if (File.Exists(part))
        {
            Notices.Say($"Found an unfinished download {part} (interrupted?); starting it again.");
            File.Delete(part);
        }
        var failures = new List<string>();
        if (DataHome.Mirror is { } mirror)
        {
            var src = Path.Combine(mirror, f.FileName);
            if (File.Exists(src))
            {
                File.Copy(src, part, overwrite: true);
                if (Commit(part, dest, f, failures, $"mirror copy {src}")) return dest;
            }
            else failures.Add($"the mirror {mirror} ({DataHome.MirrorVariable}) has no {f.FileName}");
        }
        try
        {
            Get(f.Url, part, f);
            if (Commit(part, dest, f, failures, $"download from {f.Url}")) return dest;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or OperationCanceledException)
        {
            failures.Add($"downloading {f.Url} failed: {e.Message}");
            TryDelete(part);
        }
        throw new IOException(
            $"Cannot get {f.FileName}: {string.Join("; ", failures)}.\n" +
            $"Download {f.Url} ({f.Size:N0} bytes) by hand and put it at {dest}, " +
            $"or set {DataHome.MirrorVariable} to a folder that holds {f.FileName}.");
    }

    static bool Commit(string part, string dest, RemoteFile f, List<string> failures, string what)
    {
        if (Verify(part, f) is { } bad)
        {
            failures.Add($"the {what} is corrupt ({bad})");
            TryDelete(part);
            return false;
        }
        File.Move(part, dest, overwrite: true);
        return true;
    }

    static void TryDelete(string p) { try { File.Delete(p); } catch (IOException) { } }

    static void Get(string url, string part, RemoteFile f)
    {
        using var cts = new CancellationTokenSource(Progress.StallTimeout);
        HttpResponseMessage sent;
        try { sent = Http.Send(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead, cts.Token); }
        catch (OperationCanceledException e) when (cts.IsCancellationRequested)
        {
            throw new IOException($"no response within {Progress.StallTimeout.TotalSeconds:F0} s", e);
        }
        using var resp = sent;
        resp.EnsureSuccessStatusCode();
        long total = resp.Content.Headers.ContentLength ?? f.Size;
        using var src = resp.Content.ReadAsStream();
        using var dst = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Progress.Copy(src, dst, total, Path.GetFileName(f.FileName));
    }
}
