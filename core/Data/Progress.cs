// A download progress bar: Spectre.Console on a terminal, a few plain lines when output is redirected (logs, CI).
using Spectre.Console;

namespace Mnist.Scripting.Data;

internal static class Progress
{
    /// <summary>Copies <paramref name="src"/> to <paramref name="dst"/>, showing progress against <paramref name="total"/> bytes.</summary>
    internal static void Copy(Stream src, Stream dst, long total, string name)
    {
        var buf = new byte[1 << 16];
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            long done = 0; int shown = -1;
            Console.Error.WriteLine($"Downloading {name} ({total:N0} bytes)");
            for (int n; (n = src.Read(buf)) > 0;)
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
                for (int n; (n = src.Read(buf)) > 0;) { dst.Write(buf, 0, n); task.Increment(n); }
                task.Value = task.MaxValue;
            });
    }
}
