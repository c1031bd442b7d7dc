// The archive cache: mirror first, verification, recovery from killed or corrupt downloads, loopback HTTP, locking, clear errors.
using Mnist.Scripting.Data;

namespace Mnist.Scripting.Tests.Data;

[NonParallelizable]
public class DownloadTests
{
    static readonly byte[] Good = File.ReadAllBytes(Path.Combine(DataTestEnv.SharedData, "mnist_sample.tgz"));
    StringWriter err = new();
    IDisposable? notices;

    [SetUp] public void CaptureNotices() { err = new StringWriter(); notices = Notices.Capture(line => { lock (err) err.WriteLine(line); }); }
    [TearDown] public void EndCapture() { notices?.Dispose(); err.Dispose(); }

    static string ArchiveOf(string home) => Path.Combine(home, "archive", "mnist_sample.tgz");

    [Test]
    public void MirrorFillsAFreshCacheInFastaiLayout()
    {
        using var _ = DataTestEnv.FreshHome(out var home, DataTestEnv.SharedData);
        var got = Datasets.Download(Urls.MnistSample);
        Assert.That(got.FullName, Is.EqualTo(ArchiveOf(home)));
        Assert.That(File.ReadAllBytes(got), Is.EqualTo(Good));
        Assert.That(File.Exists(got + ".part"), Is.False);
        var idx = Datasets.Download(Urls.Mnist.TestLabels);
        Assert.That(idx.FullName, Is.EqualTo(Path.Combine(home, "archive", "mnist", "t10k-labels-idx1-ubyte.gz")));
    }

    [Test]
    public void FastaiHomeIsHonouredWhenOurVariableIsUnset()
    {
        using var _ = DataTestEnv.FreshHome(out var home, DataTestEnv.SharedData);
        var fastai = Path.Combine(home, "fastai-home");
        Environment.SetEnvironmentVariable(DataHome.HomeVariable, null);
        Environment.SetEnvironmentVariable("FASTAI_HOME", fastai);
        try { Assert.That(Datasets.Download(Urls.MnistSample).FullName, Is.EqualTo(ArchiveOf(fastai))); }
        finally { Environment.SetEnvironmentVariable("FASTAI_HOME", null); }
    }

    [Test]
    public void KilledExtractionIsCleanedUpAndRedone()
    {
        using var _ = DataTestEnv.FreshHome(out var home, DataTestEnv.SharedData);
        var stale = Path.Combine(home, "data", ".mnist_sample.0123.extract", "mnist_sample", "train");
        Directory.CreateDirectory(stale);
        // SafeTar's own temporaries beside it, current and older naming; under the lock even a live PID's is stale.
        Directory.CreateDirectory(Path.Combine(home, "data", $"..mnist_sample.extract.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp", "mnist_sample"));
        Directory.CreateDirectory(Path.Combine(home, "data", $"..mnist_sample.{Guid.NewGuid():N}.extract.{Guid.NewGuid():N}.tmp", "mnist_sample"));
        Directory.CreateDirectory(Path.Combine(home, "data", ".mnist_sample_tiny.extract")); // another data set's: kept
        var path = Datasets.UntarData(Urls.MnistSample);
        Assert.That(path.FullName, Is.EqualTo(Path.Combine(home, "data", "mnist_sample")));
        Assert.That((path / "valid" / "7").Ls().Count, Is.EqualTo(1028));
        Assert.That(Directory.GetDirectories(Path.Combine(home, "data")).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { ".mnist_sample_tiny.extract", "mnist_sample" }));
        Assert.That(err.ToString(), Does.Contain("interrupted extraction"));
    }

    [Test]
    public void CorruptArchiveIsDetectedAndFetchedAgain()
    {
        using var _ = DataTestEnv.FreshHome(out var home, DataTestEnv.SharedData);
        Directory.CreateDirectory(Path.GetDirectoryName(ArchiveOf(home))!);
        var bad = (byte[])Good.Clone();
        bad[1000] ^= 1;
        File.WriteAllBytes(ArchiveOf(home), bad);
        Datasets.Download(Urls.MnistSample);
        Assert.That(File.ReadAllBytes(ArchiveOf(home)), Is.EqualTo(Good));
        Assert.That(err.ToString(), Does.Contain("corrupt").And.Contain("SHA-256"));
    }

    [Test]
    public void KilledDownloadLeavingAPartFileIsRedone()
    {
        using var _ = DataTestEnv.FreshHome(out var home, DataTestEnv.SharedData);
        Directory.CreateDirectory(Path.GetDirectoryName(ArchiveOf(home))!);
        File.WriteAllBytes(ArchiveOf(home) + ".part", Good[..(Good.Length / 3)]);
        Datasets.Download(Urls.MnistSample);
        Assert.That(File.ReadAllBytes(ArchiveOf(home)), Is.EqualTo(Good));
        Assert.That(File.Exists(ArchiveOf(home) + ".part"), Is.False);
        Assert.That(err.ToString(), Does.Contain("unfinished download"));
    }

    [Test]
    public void WrongChecksumFromServerIsRejectedThenRecovered()
    {
        using var _ = DataTestEnv.FreshHome(out var home);
        using var server = new LoopbackServer();
        var bad = (byte[])Good.Clone();
        bad[^10] ^= 0xFF;
        server.Body = bad;
        var file = Urls.MnistSample with { Url = server.Url + "mnist_sample.tgz" };
        var e = Assert.Throws<IOException>(() => Datasets.Download(file));
        Assert.That(e!.Message, Does.Contain("corrupt").And.Contain("SHA-256").And.Contain(ArchiveOf(home)));
        Assert.That(File.Exists(ArchiveOf(home)) || File.Exists(ArchiveOf(home) + ".part"), Is.False, "nothing unverified is kept");

        server.Body = Good[..^5];
        e = Assert.Throws<IOException>(() => Datasets.Download(file));
        Assert.That(e!.Message, Does.Contain("size"));

        server.Body = Good;
        Assert.That(File.ReadAllBytes(Datasets.Download(file)), Is.EqualTo(Good));
        Assert.That(err.ToString(), Does.Contain("Downloading mnist_sample.tgz"));
        Assert.That(server.Requests, Is.EqualTo(3));
        Datasets.Download(file);
        Assert.That(server.Requests, Is.EqualTo(3), "a verified archive is not downloaded again");
    }

    [Test]
    public void ConcurrentCallersWaitOnTheLockAndDownloadOnce()
    {
        using var _ = DataTestEnv.FreshHome(out var home);
        using var server = new LoopbackServer { Body = Good, DelayMs = 500 };
        var file = Urls.MnistSample with { Url = server.Url + "mnist_sample.tgz" };
        var results = new string[4];
        var threads = Enumerable.Range(0, 4).Select(i => new Thread(() => results[i] = Datasets.Download(file).FullName)).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        Assert.That(results, Is.All.EqualTo(ArchiveOf(home)));
        Assert.That(server.Requests, Is.EqualTo(1));
        Assert.That(File.ReadAllBytes(ArchiveOf(home)), Is.EqualTo(Good));
    }

    [Test]
    public void AStalledServerIsAbandonedNotWaitedOnForever()
    {
        using var _ = DataTestEnv.FreshHome(out var home);
        using var server = new LoopbackServer { Body = Good, StallAfter = 100_000 };
        var file = Urls.MnistSample with { Url = server.Url + "mnist_sample.tgz" };
        var old = Progress.StallTimeout;
        Progress.StallTimeout = TimeSpan.FromSeconds(1);
        try
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var e = Assert.Throws<IOException>(() => Datasets.Download(file));
            Assert.That(e!.Message, Does.Contain("stalled"));
            Assert.That(sw.Elapsed.TotalSeconds, Is.LessThan(4.5));
            Assert.That(File.Exists(ArchiveOf(home) + ".part"), Is.False);
        }
        finally { Progress.StallTimeout = old; }
    }

    [Test]
    public void NoNetworkAndNoMirrorSaysWhatToDownloadAndWhere()
    {
        using var _ = DataTestEnv.FreshHome(out var home);
        var file = Urls.MnistSample with { Url = LoopbackServer.DeadUrl() };
        var e = Assert.Throws<IOException>(() => Datasets.UntarData(file));
        Assert.That(e!.Message, Does.Contain(file.Url).And.Contain(ArchiveOf(home)).And.Contain("MNIST_SCRIPTING_MIRROR").And.Contain("mnist_sample.tgz"));
        Assert.That(Directory.Exists(Path.Combine(home, "data", "mnist_sample")), Is.False);
    }

    [Test]
    public void AMirrorWithoutTheFileIsReported()
    {
        var empty = Directory.CreateTempSubdirectory("mnist-empty-mirror-").FullName;
        try
        {
            using var _ = DataTestEnv.FreshHome(out var home, empty);
            var file = Urls.MnistSample with { Url = LoopbackServer.DeadUrl() };
            var e = Assert.Throws<IOException>(() => Datasets.Download(file));
            Assert.That(e!.Message, Does.Contain(empty).And.Contain("has no mnist_sample.tgz"));
        }
        finally { Directory.Delete(empty, true); }
    }
}
