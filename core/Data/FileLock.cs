// An exclusive lock file, so a second process waits for a download or extraction instead of corrupting the cache.
namespace Mnist.Scripting.Data;

internal sealed class FileLock : IDisposable
{
    readonly FileStream stream;
    FileLock(FileStream s) => stream = s;

    /// <summary>How long to wait for another process before giving up.</summary>
    internal static TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    // FileShare.None takes an advisory flock on Unix and a share lock on Windows; both exclude other openers.
    internal static FileLock Acquire(string path, string what)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + Timeout;
        bool told = false;
        while (true)
        {
            try { return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None)); }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!told) { Notices.Say($"Waiting for another process that is fetching {what} (lock {path})..."); told = true; }
                Thread.Sleep(100);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"Timed out after {Timeout} waiting for the lock '{path}' ({what}). If no other process is running, delete the file and retry.", e);
            }
        }
    }

    public void Dispose() => stream.Dispose();
}
