// Temporaries left by a killed process are removed by the next run; those of a live process are not touched.
using System.Diagnostics;
using Mnist.Scripting.Data;

namespace Mnist.Scripting.Tests.Data;

[NonParallelizable]
public class StaleTempTests
{
    string root = "";
    StringWriter err = new();
    IDisposable? notices;

    [SetUp]
    public void MakeTemp()
    {
        root = Directory.CreateTempSubdirectory("mnist-stale-").FullName;
        err = new StringWriter();
        notices = Notices.Capture(line => { lock (err) err.WriteLine(line); });
    }

    [TearDown]
    public void RemoveTemp()
    {
        notices?.Dispose();
        err.Dispose();
        Directory.Delete(root, recursive: true);
    }

    static Process Sleeper() => Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;

    // The PID of a process that has exited (and been reaped), so it names no live process.
    static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    static string Temp(string dir, string prefix, int pid, bool folder)
    {
        var path = Path.Combine(dir, $"{prefix}.{pid}.{Guid.NewGuid():N}.tmp");
        if (folder)
        {
            Directory.CreateDirectory(Path.Combine(path, "top", "train"));
            File.WriteAllText(Path.Combine(path, "top", "train", "half-written.png"), "x");
        }
        else File.WriteAllText(path, "half-written");
        return path;
    }

    [Test]
    public void ExtractRemovesTheFolderOfAKilledExtractionButNotOfALiveOne()
    {
        Assume.That(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "uses the sleep and true commands");
        var archive = Path.Combine(root, "a.tgz");
        File.WriteAllBytes(archive, HostileArchives.GoodTgz);
        var work = Path.Combine(root, "work");
        Directory.CreateDirectory(work);
        var dead = Temp(work, ".out", DeadPid(), folder: true);
        using var child = Sleeper();
        var live = Temp(work, ".out", child.Id, folder: true);
        var other = Temp(work, ".other", DeadPid(), folder: true); // another target's: not ours to judge

        SafeTar.Extract(archive, Path.Combine(work, "out"));
        Assert.That(Directory.Exists(dead), Is.False, "the dead process's folder is removed");
        Assert.That(Directory.Exists(live), Is.True, "a running extraction's folder is kept");
        Assert.That(Directory.Exists(other), Is.True);
        Assert.That(err.ToString(), Does.Contain(dead).And.Contain("interrupted extraction"));

        // Kill the owner, as a crash or Ctrl-C would; the next extraction to that target cleans its folder up.
        child.Kill();
        child.WaitForExit();
        Directory.Delete(Path.Combine(work, "out"), recursive: true);
        SafeTar.Extract(archive, Path.Combine(work, "out"));
        Assert.That(Directory.GetFileSystemEntries(work).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { Path.GetFileName(other), "out" }.Order()));
    }

    [Test]
    public void AReusedPidDoesNotKeepAStaleFolderAlive()
    {
        // A folder older than the process now holding its PID cannot belong to that process.
        Assume.That(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "uses the sleep command");
        using var child = Sleeper();
        try
        {
            var stale = Temp(root, ".out", child.Id, folder: true);
            var old = DateTime.UtcNow.AddHours(-1);
            Directory.SetCreationTimeUtc(stale, old);
            Directory.SetLastWriteTimeUtc(stale, old);
            Assert.That(StaleTemps.Sweep(root, ".out"), Is.EqualTo(new[] { stale }));
        }
        finally { child.Kill(); child.WaitForExit(); }
    }

    [Test]
    public void ImageCacheRemovesTemporariesOfKilledWrites()
    {
        ImageCache.Folder = Path.Combine(root, "cache");
        try
        {
            Directory.CreateDirectory(ImageCache.Folder);
            var dead = Temp(ImageCache.Folder, "train-0123456789abcdef.u8", DeadPid(), folder: false);
            var mine = Temp(ImageCache.Folder, "valid-0123456789abcdef.u8", Environment.ProcessId, folder: false);
            var images = Path.Combine(root, "images");
            ImageCache.Save(images, new byte[32], Tensor.FromArray(new byte[] { 1, 2, 3, 4 }, [1, 2, 2]));
            var left = Directory.GetFiles(ImageCache.Folder).Select(Path.GetFileName).ToArray();
            Assert.That(left, Does.Not.Contain(Path.GetFileName(dead)));
            Assert.That(left, Does.Contain(Path.GetFileName(mine)), "a temporary of a live process (here, ours) is kept");
            Assert.That(left.Count(f => f!.EndsWith(".u8")), Is.EqualTo(1), "the entry itself was written");
            Assert.That(ImageCache.TryLoad(images, new byte[32])!.ToArray<byte>(), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        }
        finally { ImageCache.Folder = null; }
    }
}
