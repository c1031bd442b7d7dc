// Input history kept across sessions in the user's config folder (~/.config/mnist-scripting/history), one JSON string
// per line so multi-line cells survive; MNIST_SCRIPTING_HISTORY overrides the file.
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mnist.Scripting.Host;

/// <summary>Past submissions, oldest first, saved as they are added.</summary>
public sealed class History
{
    const int Limit = 1000;
    static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    readonly List<string> entries = [];

    /// <summary>The backing file, or null for an in-memory history.</summary>
    public string? FilePath { get; }

    /// <summary>Entries, oldest first.</summary>
    public IReadOnlyList<string> Entries => entries;

    public History(string? filePath)
    {
        FilePath = filePath;
        if (filePath is null || !File.Exists(filePath)) return;
        foreach (var line in File.ReadLines(filePath))
            try { if (JsonSerializer.Deserialize<string>(line) is { Length: > 0 } e) entries.Add(e); }
            catch (JsonException) { } // a damaged line is skipped, not fatal
        if (entries.Count > Limit) entries.RemoveRange(0, entries.Count - Limit);
    }

    /// <summary>The default file: $MNIST_SCRIPTING_HISTORY, else ~/.config/mnist-scripting/history.</summary>
    public static string DefaultPath()
        => Environment.GetEnvironmentVariable("MNIST_SCRIPTING_HISTORY") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify),
                "mnist-scripting", "history");

    /// <summary>Adds a submission (skipping an immediate repeat) and appends it to the file.</summary>
    public void Add(string entry)
    {
        entry = entry.TrimEnd();
        if (entry.Length == 0 || (entries.Count > 0 && entries[^1] == entry)) return;
        entries.Add(entry);
        if (FilePath is null) return;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            File.AppendAllText(FilePath, JsonSerializer.Serialize(entry, Json) + "\n");
        }
        catch (IOException) { } // history is a convenience: never fail a session over it
        catch (UnauthorizedAccessException) { }
    }
}
