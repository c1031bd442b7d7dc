// How a Learner shows Fit: one update path (fastprogress's) that a terminal, a notebook or a plain log implement, so
// the training loop never knows which front end it has. Core ships the plain one; the host adds the others.
namespace Mnist.Scripting.Training;

/// <summary>How a Learner shows progress during Fit.</summary>
public enum ProgressMode
{
    /// <summary>Whatever the front end offers (a live bar on a terminal, a live table in a notebook), else only the table.</summary>
    Auto,
    /// <summary>Always the front end's live display.</summary>
    Live,
    /// <summary>Only the table rows, as plain text to <see cref="Learner.Output"/>.</summary>
    Off,
}

/// <summary>What Fit shows: the table's columns, each phase batch by batch, each finished epoch, a closing note.</summary>
public interface IFitDisplay
{
    /// <summary>Fit starts: the table's column names (epoch, train_loss, valid_loss, metrics..., time).</summary>
    void Begin(IReadOnlyList<string> columns);

    /// <summary>Runs one phase (an epoch's training or validation); <paramref name="body"/> calls its argument after each batch with a status text.</summary>
    void Phase(string description, int? total, Action<Action<string>> body);

    /// <summary>One finished epoch, its cells as fastai prints them ("0", "0.636857", ..., "00:01").</summary>
    void Row(IReadOnlyList<string> cells);

    /// <summary>A line that ends the table early (stopped, failed).</summary>
    void Note(string text);
}

/// <summary>The table as plain text lines (fastprogress's console format), no live bar: logs, tests, redirected output.</summary>
public sealed class TextFitDisplay(TextWriter output) : IFitDisplay
{
    ResultsTable? table;

    public void Begin(IReadOnlyList<string> columns)
    {
        table = new ResultsTable(columns);
        output.WriteLine(table.Header());
    }

    public void Phase(string description, int? total, Action<Action<string>> body) => body(_ => { });

    public void Row(IReadOnlyList<string> cells) => output.WriteLine(table!.Row(cells));

    public void Note(string text) => output.WriteLine(text);
}

/// <summary>The front end's displays: the host sets <see cref="Live"/> (a terminal bar, a notebook table).</summary>
public static class FitDisplays
{
    /// <summary>
    /// Makes the live display for a Learner, or returns null to keep the plain table (the front end decides, e.g. only
    /// when the Learner writes to an interactive terminal). Null: no front end, always the plain table.
    /// </summary>
    public static Func<Learner, IFitDisplay?>? Live { get; set; }

    internal static IFitDisplay For(Learner learn) => LiveFor(learn) ?? new TextFitDisplay(learn.Output);

    /// <summary>
    /// Only the front end's live progress of each phase, no table (LrFind's sweep: fastai's lr_find shows its bar and
    /// no rows); nothing where the front end has no live display.
    /// </summary>
    internal static IFitDisplay PhasesOnly(Learner learn) =>
        LiveFor(learn) is { } live ? new OnlyPhases(live) : new TextFitDisplay(TextWriter.Null);

    // The front end's live display unless the learner turned it off; null where there is none.
    static IFitDisplay? LiveFor(Learner learn) => learn.Progress == ProgressMode.Off ? null : Live?.Invoke(learn);

    sealed class OnlyPhases(IFitDisplay live) : IFitDisplay
    {
        public void Begin(IReadOnlyList<string> columns) { }
        public void Phase(string description, int? total, Action<Action<string>> body) => live.Phase(description, total, body);
        public void Row(IReadOnlyList<string> cells) { }
        public void Note(string text) { }
    }
}
