// The terminal's live displays: a Spectre.Console bar per Fit phase above fastai's table, and a one-line download bar.
using Mnist.Scripting.Data;
using Mnist.Scripting.Training;
using Spectre.Console;

namespace Mnist.Scripting.Host.Progress;

public static class TerminalProgress
{
    /// <summary>Makes Fit and downloads draw live bars when they write to an interactive terminal (the REPL, `run`).</summary>
    public static void Install()
    {
        FitDisplays.Live = learn =>
            learn.Progress == ProgressMode.Live || (ReferenceEquals(learn.Output, Console.Out) && Interactive())
                ? new TerminalFitDisplay(learn.Output) : null;
        DownloadBars.Live = (name, total) => Interactive() ? new TerminalDownloadBar(name, total) : null;
    }

    static bool Interactive() => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
}

/// <summary>fastai's table as text lines, with a Spectre bar for the running phase that clears when it ends.</summary>
sealed class TerminalFitDisplay(TextWriter output) : IFitDisplay
{
    readonly TextFitDisplay table = new(output);

    public void Begin(IReadOnlyList<string> columns) => table.Begin(columns);
    public void Row(IReadOnlyList<string> cells) => table.Row(cells);
    public void Note(string text) => table.Note(text);

    public void Phase(string description, int? total, Action<Action<string>> body) =>
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: total ?? 1);
                task.IsIndeterminate = total is null;
                int done = 0;
                body(status =>
                {
                    done++;
                    task.Description = Markup.Escape($"{description} {done}{(total is { } t ? $"/{t}" : "")} {status}");
                    if (total is not null) task.Increment(1);
                });
                task.Value = task.MaxValue;
                task.StopTask();
            });
}

/// <summary>One line on stderr, redrawn at most ten times a second: name, percent, megabytes, speed.</summary>
sealed class TerminalDownloadBar(string name, long total) : IDownloadBar
{
    readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    long done;
    TimeSpan drawn = TimeSpan.FromSeconds(-1);

    public void Advance(long bytes)
    {
        done += bytes;
        if (clock.Elapsed - drawn >= TimeSpan.FromMilliseconds(100)) Draw();
    }

    void Draw()
    {
        drawn = clock.Elapsed;
        double mb = done / 1e6, speed = mb / Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
        var percent = total > 0 ? $"{Math.Min(100, done * 100 / total),3}% " : "";
        Console.Error.Write($"\rDownloading {name} {percent}{mb:F1}/{total / 1e6:F1} MB {speed:F1} MB/s   ");
    }

    public void Dispose()
    {
        Draw();
        Console.Error.WriteLine();
    }
}
