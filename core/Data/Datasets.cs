// untar_data and download_data: fetch a known archive into the fastai-style cache, extract it safely, return its folder.
using System.Text.RegularExpressions;

namespace Mnist.Scripting.Data;

/// <summary>fastai's <c>untar_data</c>: <c>var path = Datasets.UntarData(Urls.MnistSample);</c></summary>
public static class Datasets
{
    /// <summary>
    /// Downloads (or copies from the MNIST_SCRIPTING_MIRROR folder) and verifies <paramref name="file"/> into the archive cache,
    /// extracts it to <c>{data}/{stem}</c> and returns that folder. A second call returns at once; a damaged archive is fetched again.
    /// </summary>
    public static DataPath UntarData(RemoteFile file)
    {
        // Extraction is renamed into place only when complete, so an existing folder is whole (fastai reuses it the same way).
        var dest = Path.Combine(DataHome.DataDir, file.Stem);
        if (Directory.Exists(dest)) return new DataPath(dest);
        var archive = Download(file);
        using var _ = FileLock.Acquire(Path.Combine(DataHome.DataDir, file.Stem + ".lock"), file.Stem);
        if (Directory.Exists(dest)) return new DataPath(dest);
        // Holding the lock, any earlier temporary folder belongs to a process that was killed mid-extraction: ours, and the
        // one SafeTar makes beside it (older versions named both with a GUID, so those patterns are matched too).
        foreach (var stale in Leftovers(file.Stem))
        {
            Notices.Say($"Removing {stale}, left by an interrupted extraction.");
            Directory.Delete(stale, recursive: true);
        }
        var tmp = Path.Combine(DataHome.DataDir, $".{file.Stem}.extract");
        try
        {
            SafeTar.Extract(archive, tmp);
            // Archives usually hold one top folder (mnist_sample/...); that folder becomes the data set.
            var entries = Directory.GetFileSystemEntries(tmp);
            if (entries.Length == 1 && Directory.Exists(entries[0])) Directory.Move(entries[0], dest);
            else Directory.Move(tmp, dest);
        }
        finally
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        }
        return new DataPath(dest);
    }

    static IEnumerable<string> Leftovers(string stem)
    {
        var s = Regex.Escape(stem);
        var ours = new Regex($@"^\.{s}\.([0-9a-f]+\.)?extract$");
        var safeTars = new Regex($@"^\.\.{s}\.([0-9a-f]+\.)?extract\.(\d+\.)?[0-9a-f]{{32}}\.tmp$");
        return Directory.EnumerateDirectories(DataHome.DataDir, $"*.{stem}.*")
            .Where(d => Path.GetFileName(d) is var n && (ours.IsMatch(n) || safeTars.IsMatch(n))).ToList();
    }

    /// <summary>fastai's <c>download_data</c>: the verified archive file itself, not extracted.</summary>
    public static DataPath Download(RemoteFile file) => new(Downloader.Fetch(file));
}
