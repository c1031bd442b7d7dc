// Learner.Fit in a notebook: fastai's table as an HTML table that grows in place (display_data, then
// update_display_data on one display_id), with a progress bar for the running phase under it, as fastprogress shows.
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Mnist.Scripting.Training;

namespace Mnist.Scripting.Host.Kernel;

sealed class NotebookFitDisplay(Action<string, JsonObject> publish) : IFitDisplay
{
    readonly string id = "fit-" + Guid.NewGuid().ToString("N");
    readonly List<IReadOnlyList<string>> rows = [];
    IReadOnlyList<string> columns = [];
    string? note, bar;
    int barDone, barTotal = 1;
    bool shown;
    readonly Stopwatch sinceDraw = Stopwatch.StartNew();

    public void Begin(IReadOnlyList<string> columns) { this.columns = columns; Draw(force: true); }

    public void Phase(string description, int? total, Action<Action<string>> body)
    {
        var clock = Stopwatch.StartNew();
        int done = 0;
        (barDone, barTotal) = (0, total ?? 0);
        bar = Bar(description, 0, total, "", clock.Elapsed);
        Draw(force: true);
        body(status =>
        {
            barDone = ++done;
            bar = Bar(description, done, total, status, clock.Elapsed);
            Draw(force: false);
        });
        bar = null;
    }

    public void Row(IReadOnlyList<string> cells) { rows.Add(cells); Draw(force: true); }

    public void Note(string text) { note = text; bar = null; Draw(force: true); }

    // At most ten updates a second while batches run; every row and note at once.
    void Draw(bool force)
    {
        if (!force && sinceDraw.ElapsedMilliseconds < 100) return;
        sinceDraw.Restart();
        var content = new JsonObject
        {
            ["data"] = new JsonObject { ["text/html"] = Html(), ["text/plain"] = Text() },
            ["metadata"] = new JsonObject(),
            ["transient"] = new JsonObject { ["display_id"] = id },
        };
        publish(shown ? "update_display_data" : "display_data", content);
        shown = true;
    }

    static string Bar(string description, int done, int? total, string status, TimeSpan elapsed)
    {
        var counts = total is { } t ? $"{done}/{t}" : $"{done}";
        var percent = total is > 0 ? $"{100 * done / total.Value}%" : "";
        return $"{description} {counts} {percent} [{ResultsTable.FormatTime(elapsed)}] {status}".Trim();
    }

    string Html()
    {
        var h = new StringBuilder("<table border=\"1\" class=\"dataframe\">\n  <thead>\n    <tr style=\"text-align: left;\">\n");
        foreach (var c in columns) h.Append("      <th>").Append(WebUtility.HtmlEncode(c)).Append("</th>\n");
        h.Append("    </tr>\n  </thead>\n  <tbody>\n");
        foreach (var r in rows)
        {
            h.Append("    <tr>\n");
            foreach (var c in r) h.Append("      <td>").Append(WebUtility.HtmlEncode(c)).Append("</td>\n");
            h.Append("    </tr>\n");
        }
        h.Append("  </tbody>\n</table>");
        if (bar is not null)
        {
            // Without a known total (a source counted during the first epoch) the bar is indeterminate, as in HTML.
            var value = barTotal > 0 ? $" value=\"{barDone}\" max=\"{barTotal}\"" : "";
            h.Append($"<div><progress{value} style=\"width:300px;height:20px;vertical-align:middle;\"></progress> ")
             .Append(WebUtility.HtmlEncode(bar)).Append("</div>");
        }
        if (note is not null) h.Append("<p>").Append(WebUtility.HtmlEncode(note)).Append("</p>");
        return h.ToString();
    }

    string Text()
    {
        var table = new ResultsTable(columns);
        var lines = new List<string> { table.Header() };
        lines.AddRange(rows.Select(table.Row));
        if (bar is not null) lines.Add(bar);
        if (note is not null) lines.Add(note);
        return string.Join("\n", lines);
    }
}
