// The book-vs-us table: every check the script suite makes adds a row (step, quantity, book, ours, check); the
// deterministic rows must already be in README.md, and MNIST_SCRIPTING_WRITE_README=1 rewrites the README section.
using System.Collections.Concurrent;
using System.Globalization;

namespace Mnist.Scripting.Tests.Scripts;

/// <summary>One line of the table. Deterministic rows are exact and must match the committed README byte for byte.</summary>
public sealed record BookRow(string Step, int Order, string Quantity, string Book, string Ours, string Check, bool Deterministic)
{
    public string Markdown => $"| {Step} | {Quantity} | {Book} | {Ours} | {Check} |";
}

public static class BookTable
{
    public const string StartMarker = "<!-- book-vs-us:start -->";
    public const string EndMarker = "<!-- book-vs-us:end -->";
    public const string WriteVariable = "MNIST_SCRIPTING_WRITE_README";

    static readonly ConcurrentBag<BookRow> rows = [];
    static int order;
    static readonly AsyncLocal<bool> quiet = new();
    static int quietChecks;

    /// <summary>
    /// Within the scope the checks assert as usual but add no table rows (the notebooks are checked against the book
    /// with the scripts' own checks without adding rows of their own); <see cref="QuietChecks"/> counts them.
    /// </summary>
    public static IDisposable Quiet() { quiet.Value = true; return new EndQuiet(); }
    public static int QuietChecks => quietChecks;
    sealed class EndQuiet : IDisposable { public void Dispose() => quiet.Value = false; }

    public static string ReadmePath => Path.Combine(ScriptHarness.RepoRoot, "README.md");
    public static bool Writing => Environment.GetEnvironmentVariable(WriteVariable) == "1";

    /// <summary>The deterministic value, rounded or printed as the book prints it, must equal the book's text.</summary>
    public static void Exact(string step, string quantity, string book, string ours)
    {
        Add(new BookRow(step, Interlocked.Increment(ref order), quantity, book, ours, "exact", true));
        Assert.That(ours, Is.EqualTo(book), $"{step}: {quantity}");
    }

    /// <summary>A float reported by a script, compared with the book at the book's number of decimals.</summary>
    public static void Decimals(string step, string quantity, string book, double ours)
    {
        int decimals = book.Contains('.') ? book.Length - book.IndexOf('.') - 1 : 0;
        var rounded = Math.Round(ours, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture);
        Add(new BookRow(step, Interlocked.Increment(ref order), quantity, book, rounded, $"exact, {decimals} decimals", true));
        Assert.That(rounded, Is.EqualTo(book), $"{step}: {quantity} (ours {ours.ToString("R", CultureInfo.InvariantCulture)})");
    }

    /// <summary>A trained number: the book's value for reference, ours must lie in [min, max].</summary>
    public static void Band(string step, string quantity, string book, double ours, double min, double max = double.PositiveInfinity)
    {
        string band = double.IsPositiveInfinity(max) ? $"≥ {Fmt(min)}" : $"{Fmt(min)} – {Fmt(max)}";
        Add(new BookRow(step, Interlocked.Increment(ref order), quantity, book, ours.ToString("0.0000##", CultureInfo.InvariantCulture), band, false));
        Assert.That(ours, Is.InRange(min, max), $"{step}: {quantity}");
    }

    /// <summary>A trend (e.g. "losses decrease"): the check text says what held; ours is what the script measured.</summary>
    public static void Trend(string step, string quantity, string book, string ours, string check, bool holds)
    {
        Add(new BookRow(step, Interlocked.Increment(ref order), quantity, book, ours, check, false));
        Assert.That(holds, Is.True, $"{step}: {quantity} ({check}), ours {ours}");
    }

    /// <summary>Every step the table must cover before it may be written.</summary>
    public static readonly string[] ExpectedSteps =
        [.. Enumerable.Range(1, 13).Select(i => i.ToString("00", CultureInfo.InvariantCulture)),
         .. Enumerable.Range(1, 13).Select(i => "F# " + i.ToString("00", CultureInfo.InvariantCulture))];

    public static IReadOnlySet<string> Steps => rows.Select(r => r.Step).ToHashSet(StringComparer.Ordinal);

    static string Fmt(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    static void Add(BookRow row)
    {
        if (quiet.Value) { Interlocked.Increment(ref quietChecks); return; }
        rows.Add(row);
        // Outside a rewrite, the committed README must already hold this exact line.
        if (row.Deterministic && !Writing)
            Assert.That(CommittedTable(), Does.Contain(row.Markdown + "\n"),
                $"README.md's book-vs-us table lacks or differs on this row; rerun the script tests with {WriteVariable}=1:\n{row.Markdown}");
    }

    /// <summary>The README text between the markers (empty when the markers are missing).</summary>
    public static string CommittedTable()
    {
        var text = File.ReadAllText(ReadmePath).Replace("\r", "");
        int start = text.IndexOf(StartMarker, StringComparison.Ordinal), end = text.IndexOf(EndMarker, StringComparison.Ordinal);
        return start < 0 || end < start ? "" : text[(start + StartMarker.Length)..end];
    }

    /// <summary>The table from the rows collected in this run, in book order.</summary>
    public static string Render()
    {
        var lines = new List<string>
        {
            "",
            $"Generated by the script suite (`{WriteVariable}=1 dotnet test tests --filter FullyQualifiedName~Scripts`); do not edit by hand.",
            "Exact rows are checked against this table on every test run; trained rows show one run and the band the tests require.",
            "",
            "| Step | Quantity | Book | Ours | Check |",
            "|---|---|---|---|---|",
        };
        lines.AddRange(rows.OrderBy(r => r.Step, StringComparer.Ordinal).ThenBy(r => r.Order).Select(r => r.Markdown));
        lines.Add("");
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>Replaces the README section (only with MNIST_SCRIPTING_WRITE_README=1, after the whole script suite ran).</summary>
    public static void WriteReadme()
    {
        var text = File.ReadAllText(ReadmePath).Replace("\r", "");
        int start = text.IndexOf(StartMarker, StringComparison.Ordinal), end = text.IndexOf(EndMarker, StringComparison.Ordinal);
        if (start < 0 || end < start)
            throw new InvalidOperationException($"README.md needs the markers {StartMarker} and {EndMarker} around the table.");
        File.WriteAllText(ReadmePath, text[..(start + StartMarker.Length)] + Render() + text[end..]);
    }
}

/// <summary>Rewrites README.md's table once every script test in this namespace has run, when asked to.</summary>
[SetUpFixture]
public class BookTableWriter
{
    [OneTimeTearDown]
    public void WriteWhenAsked()
    {
        if (!BookTable.Writing) return;
        // A filtered or failing run would write a partial table: only a whole, green suite rewrites README.md.
        var missing = BookTable.ExpectedSteps.Except(BookTable.Steps).ToList();
        if (missing.Count > 0 || TestContext.CurrentContext.Result.FailCount > 0)
        {
            TestContext.Progress.WriteLine($"README.md not rewritten: steps missing [{string.Join(", ", missing)}], {TestContext.CurrentContext.Result.FailCount} failed.");
            return;
        }
        BookTable.WriteReadme();
    }
}
