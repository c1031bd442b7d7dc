// FIFOs, devices, sockets, folders and links where an image or IDX file is expected: refused at once, never read or waited on.
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Mnist.Scripting.Data;

namespace Mnist.Scripting.Tests.Data;

[CancelAfter(10_000)] // a regression that blocks on a FIFO or streams /dev/zero fails here instead of hanging the suite
public class SpecialFileTests
{
    string tmp = "";
    readonly List<IDisposable> sockets = [];

    [SetUp]
    public void MakeTemp()
    {
        Assume.That(OperatingSystem.IsLinux(), "FIFOs, devices and sockets are checked on Linux");
        tmp = Directory.CreateTempSubdirectory("mnist-special-").FullName;
    }

    [TearDown]
    public void RemoveTemp()
    {
        foreach (var s in sockets) s.Dispose();
        if (tmp != "") Directory.Delete(tmp, recursive: true);
    }

    [DllImport("libc", SetLastError = true)]
    static extern int mkfifo(string path, uint mode);

    /// <summary>Makes <paramref name="name"/> in the temp folder as <paramref name="kind"/> and returns its path.</summary>
    string Make(string kind, string name)
    {
        var path = Path.Combine(tmp, name);
        var other = Path.Combine(tmp, "target");
        switch (kind)
        {
            case "fifo": MakeFifo(path); break;
            case "link to fifo": MakeFifo(other); File.CreateSymbolicLink(path, other); break;
            case "socket": Bind(path); break;
            case "link to socket": Bind(other); File.CreateSymbolicLink(path, other); break;
            case "folder": Directory.CreateDirectory(path); break;
            case "link to folder": Directory.CreateDirectory(other); File.CreateSymbolicLink(path, other); break;
            case "link loop": File.CreateSymbolicLink(path, other); File.CreateSymbolicLink(other, path); break;
            case "dangling link": File.CreateSymbolicLink(path, Path.Combine(tmp, "gone")); break;
            case "missing": break;
            case "link chain to /dev/zero": File.CreateSymbolicLink(other, "/dev/zero"); File.CreateSymbolicLink(path, other); break;
            default: File.CreateSymbolicLink(path, kind[("link to ".Length)..]); break; // "link to /dev/..."
        }
        return path;
    }

    static void MakeFifo(string path)
    {
        if (mkfifo(path, 0x1A4) != 0) Assert.Fail($"mkfifo '{path}' failed: errno {Marshal.GetLastPInvokeError()}");
    }

    void Bind(string path)
    {
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        sockets.Add(s);
        s.Bind(new UnixDomainSocketEndPoint(path));
    }

    /// <summary>Runs <paramref name="load"/> on the pool and returns what it threw; fails the test if it does not return in time.</summary>
    static Exception? Bounded(Action load, string path)
    {
        var task = Task.Run(load);
        try { task.Wait(TestContext.CurrentContext.CancellationToken); return null; }
        catch (AggregateException e) { return e.InnerException; }
        catch (OperationCanceledException)
        {
            // Release a reader stuck in open(2) on a FIFO, so the regression does not also leak a blocked thread.
            _ = Task.Run(() => { try { using var w = new FileStream(path, FileMode.Open, FileAccess.Write); } catch (IOException) { } });
            Assert.Fail($"loading '{path}' did not return: it is blocked or reading forever");
            return null;
        }
    }

    static readonly object[] Refused =
    [
        new object[] { "fifo", "is a FIFO (named pipe), not a regular file" },
        new object[] { "link to fifo", "which is a FIFO (named pipe)" },
        new object[] { "link to /dev/zero", "'/dev/zero', which is a character device" },
        new object[] { "link to /dev/urandom", "'/dev/urandom', which is a character device" },
        new object[] { "link to /dev/null", "'/dev/null', which is a character device" },
        new object[] { "link chain to /dev/zero", "'/dev/zero', which is a character device" },
        new object[] { "socket", "is a socket, not a regular file" },
        new object[] { "link to socket", "which is a socket" },
        new object[] { "folder", "is a folder, not a regular file" },
        new object[] { "link to folder", "which is a folder" },
        new object[] { "link loop", "Too many levels of symbolic links" },
    ];

    [TestCaseSource(nameof(Refused))]
    public void ImagesRefuseIt(string kind, string reason)
    {
        var path = Make(kind, "x.png");
        var e = Bounded(() => Tensor.Load(path), path);
        Assert.That(e, Is.TypeOf<ImageLoadException>());
        Assert.That(e!.Message, Does.Contain($"'{path}'").And.Contain(reason));
        if (kind.Contains("folder")) return; // a folder is not a file of the folder: LoadFolder skips it
        File.WriteAllBytes(Path.Combine(tmp, "a.png"), ImageCorpus.GoodPng);
        var e2 = Bounded(() => Images.LoadFolder(tmp, useCache: false), path);
        Assert.That(e2, Is.TypeOf<ImageLoadException>());
        Assert.That(((ImageLoadException)e2!).File, Is.EqualTo(path));
    }

    [TestCaseSource(nameof(Refused))]
    public void IdxRefusesIt(string kind, string reason)
    {
        var path = Make(kind, "train-images-idx3-ubyte");
        var e = Bounded(() => Idx.ReadImages(path), path);
        Assert.That(e, Is.TypeOf<InvalidDataException>());
        Assert.That(e!.Message, Does.Contain($"'{path}'").And.Contain(reason));
    }

    [TestCase("dangling link", "is a link to '{0}/gone', which does not exist")]
    [TestCase("missing", "no such file '{0}/x.png'")]
    public void MissingTargetsAreFileNotFound(string kind, string reason)
    {
        var path = Make(kind, "x.png");
        var e = Bounded(() => Tensor.Load(path), path);
        Assert.That(e, Is.TypeOf<FileNotFoundException>());
        Assert.That(e!.Message, Does.Contain(path).And.Contain(string.Format(reason, tmp)));
        var e2 = Bounded(() => Idx.Read(path), path);
        Assert.That(e2, Is.TypeOf<FileNotFoundException>());
        Assert.That(e2!.Message, Does.Contain(path).And.Contain("Fetch it with"));
    }

    [Test]
    public void LinksToRegularFilesLoadAndTheSizeLimitIsTheTargets()
    {
        var target = Path.Combine(tmp, "real.png");
        File.WriteAllBytes(target, ImageCorpus.GoodPng);
        var link = Path.Combine(tmp, "link.png");
        File.CreateSymbolicLink(link, target);
        Assert.That(Tensor.Load(link).Equal(Tensor.Load(target)), Is.True);
        Assert.That(Images.LoadFolder(tmp, useCache: false).Shape.ToArray(), Is.EqualTo(new[] { 2, 28, 28 }));
        var old = ImageLimits.MaxFileBytes;
        try
        {
            ImageLimits.MaxFileBytes = ImageCorpus.GoodPng.Length - 1; // the link itself is far smaller
            var e = Assert.Throws<ImageLoadException>(() => Tensor.Load(link));
            Assert.That(e!.Message, Does.Contain($"'{link}'").And.Contain($"has {ImageCorpus.GoodPng.Length:N0} bytes, over ImageLimits.MaxFileBytes"));
        }
        finally { ImageLimits.MaxFileBytes = old; }
    }
}
