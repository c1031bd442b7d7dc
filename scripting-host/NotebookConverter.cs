// A .csx or .fsx script in the percent format (`// %%` code cells, `// %% [markdown]` cells of `//` lines) as an nbformat 4.5
// notebook with our C# or F# kernelspec and no outputs; the same input always gives the same bytes, so a test can check freshness.
using System.Text;
using System.Text.Json;
using Mnist.Scripting.Host.Kernel;

namespace Mnist.Scripting.Host;

public static class NotebookConverter
{

    public sealed record Cell(string Kind, string Source);

    /// <summary>
    /// Splits a percent-format script into cells. Comment lines before the first marker (the file's header) are left
    /// out, since the title cell says it in prose; code there is an error, as it would be lost. Code lines are kept as
    /// written. <paramref name="rebaseLoad"/> rewrites each `#load "path"`.
    /// </summary>
    public static List<Cell> Parse(string script, Func<string, string>? rebaseLoad = null)
    {
        var cells = new List<Cell>();
        string? kind = null;
        var lines = new List<string>();
        void Flush()
        {
            if (kind is null) { lines.Clear(); return; }
            while (lines.Count > 0 && lines[^1].Trim() == "") lines.RemoveAt(lines.Count - 1);
            while (lines.Count > 0 && lines[0].Trim() == "") lines.RemoveAt(0);
            if (lines.Count > 0) cells.Add(new Cell(kind, string.Join("\n", lines)));
            lines.Clear();
        }
        int lineNo = 0;
        foreach (var raw in script.Replace("\r\n", "\n").Split('\n'))
        {
            lineNo++;
            var t = raw.TrimEnd();
            if (kind is null && t.Length > 0 && !t.StartsWith("//", StringComparison.Ordinal) && !t.StartsWith("// %%", StringComparison.Ordinal))
                throw new FormatException($"line {lineNo} is code before the first `// %%` marker, so no cell would hold it: start a cell above it");
            if (t == "// %%" || t.StartsWith("// %% ", StringComparison.Ordinal))
            {
                Flush();
                kind = t.Contains("[markdown]", StringComparison.Ordinal) ? "markdown" : "code";
                continue;
            }
            if (kind == "markdown")
            {
                if (t.Length > 0 && !t.StartsWith("//", StringComparison.Ordinal))
                    throw new FormatException($"a markdown cell holds only `//` lines, got '{t}': start a code cell with `// %%` first");
                lines.Add(t.StartsWith("// ", StringComparison.Ordinal) ? t[3..] : t.Length > 2 ? t[2..] : "");
            }
            else if (kind == "code" && rebaseLoad is not null && t.StartsWith("#load \"", StringComparison.Ordinal) && t.EndsWith('"'))
                lines.Add($"#load \"{rebaseLoad(t[7..^1])}\"");
            else lines.Add(raw);
        }
        Flush();
        if (cells.Count == 0) throw new FormatException("no `// %%` cell markers found: mark cells with `// %%` (code) and `// %% [markdown]` (prose)");
        return cells;
    }

    /// <summary>Converts <paramref name="scriptPath"/> to a notebook at <paramref name="notebookPath"/>, with #load paths made relative to it.</summary>
    public static void Convert(string scriptPath, string notebookPath)
    {
        var text = Render(scriptPath, notebookPath);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(notebookPath))!);
        File.WriteAllText(notebookPath, text);
    }

    /// <summary>The notebook JSON that <see cref="Convert"/> would write at <paramref name="notebookPath"/>.</summary>
    public static string Render(string scriptPath, string notebookPath)
    {
        var scriptDir = Path.GetDirectoryName(Path.GetFullPath(scriptPath))!;
        var notebookDir = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
        string Rebase(string load) => Path.GetRelativePath(notebookDir, Path.Combine(scriptDir, load)).Replace('\\', '/');
        return ToJson(Parse(File.ReadAllText(scriptPath), Rebase), Path.GetFileNameWithoutExtension(scriptPath), LanguageOf(scriptPath));
    }

    /// <summary>The kernel a script's cells are for, by its extension: .fsx is F#, anything else C#.</summary>
    public static KernelLanguage LanguageOf(string scriptPath)
        => scriptPath.EndsWith(".fsx", StringComparison.OrdinalIgnoreCase) ? KernelSpec.FSharp : KernelSpec.CSharp;

    // nbformat 4.5 cell ids: 1-64 of [A-Za-z0-9-_]; ours are the file's stem and the cell's number.
    static string CellId(string stem, int number)
    {
        var clean = new string(stem.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-').ToArray());
        var id = $"{clean}-{number:D2}";
        return id.Length <= 64 ? id : id[^64..];
    }

    /// <summary>nbformat 4.5 JSON as Jupyter writes it: one-space indent, keys sorted, source split into lines.</summary>
    public static string ToJson(IReadOnlyList<Cell> cells, string stem, KernelLanguage? language = null)
    {
        language ??= KernelSpec.CSharp;
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 1, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("cells");
            for (int i = 0; i < cells.Count; i++)
            {
                var c = cells[i];
                w.WriteStartObject();
                w.WriteString("cell_type", c.Kind);
                if (c.Kind == "code") w.WriteNull("execution_count");
                w.WriteString("id", CellId(stem, i + 1));
                w.WriteStartObject("metadata"); w.WriteEndObject();
                if (c.Kind == "code") { w.WriteStartArray("outputs"); w.WriteEndArray(); }
                w.WriteStartArray("source");
                var lines = c.Source.Split('\n');
                for (int j = 0; j < lines.Length; j++) w.WriteStringValue(j < lines.Length - 1 ? lines[j] + "\n" : lines[j]);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("metadata");
            w.WriteStartObject("kernelspec");
            w.WriteString("display_name", language.DisplayName);
            w.WriteString("language", language.Language);
            w.WriteString("name", language.Name(KernelSpec.DefaultName));
            w.WriteEndObject();
            w.WriteStartObject("language_info");
            foreach (var (key, value) in language.LanguageInfo()) w.WriteString(key, value!.GetValue<string>());
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteNumber("nbformat", 4);
            w.WriteNumber("nbformat_minor", 5);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
