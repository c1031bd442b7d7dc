// Download progress: a few plain lines (logs, CI), or the front end's live bar when the host offers one.
namespace Mnist.Scripting.Data;

/// <summary>A live bar for one download, from the front end (the host draws it on a terminal).</summary>
public interface IDownloadBar : IDisposable
{
    /// <summary>Adds <paramref name="bytes"/> received.</summary>
    void Advance(long bytes);
}

/// <summary>The front end's download bars: the host sets <see cref="Live"/>; null (or a null bar) prints plain lines.</summary>
public static class DownloadBars
{
    /// <summary>Makes a bar for (file name, total bytes), or returns null to print plain lines.</summary>
    public static Func<string, long, IDownloadBar?>? Live { get; set; }
}

internal static class Progress
{
    /// <summary>A download that receives nothing for this long is abandoned (a stalled server must not hang the script).</summary>
    internal static TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    static int Read(Stream src, byte[] buf, CancellationTokenSource cts)
    {
        cts.CancelAfter(StallTimeout);
        try { return src.ReadAsync(buf, cts.Token).AsTask().GetAwaiter().GetResult(); }
        catch (OperationCanceledException e) { throw new IOException($"no data received for {StallTimeout.TotalSeconds:F0} s; the connection stalled", e); }
    }

    /// <summary>Copies <paramref name="src"/> to <paramref name="dst"/>, showing progress against <paramref name="total"/> bytes.</summary>
    internal static void Copy(Stream src, Stream dst, long total, string name)
    {
        var buf = new byte[1 << 16];
        using var cts = new CancellationTokenSource();
        using var bar = DownloadBars.Live?.Invoke(name, total);
        if (bar is not null)
        {
            for (int n; (n = Read(src, buf, cts)) > 0;) { dst.Write(buf, 0, n); bar.Advance(n); }
            return;
        }
        long done = 0; int shown = -1;
        Notices.Say($"Downloading {name} ({total:N0} bytes)");
        for (int n; (n = Read(src, buf, cts)) > 0;)
        {
            dst.Write(buf, 0, n); done += n;
            int q = total > 0 ? (int)(done * 4 / total) : 0;
            if (q != shown && q > 0) { shown = q; Notices.Say($"  {name}: {Math.Min(100, q * 25)}%"); }
        }
    }
}
