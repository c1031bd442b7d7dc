// Progress while fitting: a live Spectre.Console bar per epoch on a terminal, nothing per batch when output is redirected.
using Spectre.Console;

namespace Mnist.Scripting.Training;

/// <summary>How a Learner shows progress during Fit.</summary>
public enum ProgressMode
{
    /// <summary>A live bar when writing to an interactive terminal (Console.Out not redirected), else only the table.</summary>
    Auto,
    /// <summary>Always draw the live bar (on the console).</summary>
    Live,
    /// <summary>Only the table rows.</summary>
    Off,
}

/// <summary>Shows a phase (one epoch's training or validation) advancing batch by batch.</summary>
internal interface IFitProgress
{
    /// <summary>Runs <paramref name="body"/>, which calls its argument with a status text after each batch.</summary>
    void Run(string description, int? total, Action<Action<string>> body);
}

internal static class FitProgress
{
    public static IFitProgress For(ProgressMode mode, TextWriter output)
    {
        bool live = mode switch
        {
            ProgressMode.Live => true,
            ProgressMode.Off => false,
            // Only on a real terminal: a redirected log gets the table and nothing else.
            _ => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive,
        };
        return live ? new LiveProgress() : new NoProgress();
    }

    sealed class NoProgress : IFitProgress
    {
        public void Run(string description, int? total, Action<Action<string>> body) => body(_ => { });
    }

    sealed class LiveProgress : IFitProgress
    {
        public void Run(string description, int? total, Action<Action<string>> body)
        {
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
    }
}
