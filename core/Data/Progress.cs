// A download progress bar: Spectre.Console on a terminal, a few plain lines when output is redirected (logs, CI).
using Spectre.Console;

namespace Mnist.Scripting.Data;

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
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            long done = 0; int shown = -1;
            Console.Error.WriteLine($"Downloading {name} ({total:N0} bytes)");
            for (int n; (n = Read(src, buf, cts)) > 0;)
            {
                dst.Write(buf, 0, n); done += n;
                int q = total > 0 ? (int)(done * 4 / total) : 0;
                if (q != shown && q > 0) { shown = q; Console.Error.WriteLine($"  {name}: {Math.Min(100, q * 25)}%"); }
            }
            return;
        }
        AnsiConsole.Progress().AutoClear(false).Columns(
            new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"Downloading {name}", maxValue: Math.Max(1, total));
                for (int n; (n = Read(src, buf, cts)) > 0;) { dst.Write(buf, 0, n); task.Increment(n); }
                task.Value = task.MaxValue;
            });
    }
}
