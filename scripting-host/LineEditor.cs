// The terminal line editor: arrows, Home/End, history (Up/Down), Ctrl-A/E/U/K/W, Tab completion; keys come through
// IKeySource so tests drive it without a TTY. With redirected input the REPL reads plain lines instead (PlainReader).
using System.Text;

namespace Mnist.Scripting.Host;

/// <summary>Where keys come from: the console, or a script of keys in tests.</summary>
public interface IKeySource
{
    ConsoleKeyInfo ReadKey();
}

/// <summary>Reads one line of input; null at end of input.</summary>
public interface ILineReader
{
    /// <summary>The line, null at end of input; <see cref="Interrupted"/> tells whether Ctrl-C abandoned it.</summary>
    string? ReadLine(string prompt, string pending);

    /// <summary>Whether the last ReadLine ended by Ctrl-C (the cell being typed is dropped).</summary>
    bool Interrupted { get; }
}

/// <summary>Redirected input: plain lines, no prompts echoed.</summary>
public sealed class PlainReader(TextReader input) : ILineReader
{
    public string? ReadLine(string prompt, string pending) => input.ReadLine();
    public bool Interrupted => false;
}

/// <summary>Console keys with Ctrl-C delivered as a key while editing.</summary>
public sealed class ConsoleKeys : IKeySource
{
    public ConsoleKeyInfo ReadKey()
    {
        // Ctrl-C is a key while editing (drops the line) and a signal while a cell runs (interrupts it).
        Console.TreatControlCAsInput = true;
        try { return Console.ReadKey(intercept: true); }
        finally { Console.TreatControlCAsInput = false; }
    }
}

/// <summary>An editable line with history and completion, redrawn with ANSI escapes; complete(text, caret) gets the
/// cell typed so far (earlier lines of a multi-line cell included).</summary>
public sealed class LineEditor(IKeySource keys, TextWriter output, History history,
    Func<string, int, (int Start, IReadOnlyList<string> Items)>? complete = null) : ILineReader
{
    readonly StringBuilder line = new();
    int caret;

    public bool Interrupted { get; private set; }

    public string? ReadLine(string prompt, string pending)
    {
        line.Clear(); caret = 0; Interrupted = false;
        int historyIndex = history.Entries.Count;
        string saved = "";
        output.Write(prompt);
        while (true)
        {
            var key = keys.ReadKey();
            bool ctrl = (key.Modifiers & ConsoleModifiers.Control) != 0;
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    output.WriteLine();
                    return line.ToString();
                case ConsoleKey.C when ctrl:
                    output.WriteLine("^C");
                    Interrupted = true;
                    return "";
                case ConsoleKey.D when ctrl:
                    if (line.Length == 0) { output.WriteLine(); return null; }
                    if (caret < line.Length) line.Remove(caret, 1);
                    break;
                case ConsoleKey.Backspace:
                    if (caret > 0) line.Remove(--caret, 1);
                    break;
                case ConsoleKey.Delete:
                    if (caret < line.Length) line.Remove(caret, 1);
                    break;
                case ConsoleKey.LeftArrow: caret = Math.Max(0, caret - 1); break;
                case ConsoleKey.RightArrow: caret = Math.Min(line.Length, caret + 1); break;
                case ConsoleKey.Home: case ConsoleKey.A when ctrl: caret = 0; break;
                case ConsoleKey.End: case ConsoleKey.E when ctrl: caret = line.Length; break;
                case ConsoleKey.U when ctrl: line.Remove(0, caret); caret = 0; break;
                case ConsoleKey.K when ctrl: line.Remove(caret, line.Length - caret); break;
                case ConsoleKey.W when ctrl:
                    int start = caret;
                    while (start > 0 && line[start - 1] == ' ') start--;
                    while (start > 0 && line[start - 1] != ' ') start--;
                    line.Remove(start, caret - start); caret = start;
                    break;
                case ConsoleKey.UpArrow or ConsoleKey.DownArrow:
                    if (historyIndex == history.Entries.Count) saved = line.ToString();
                    historyIndex = Math.Clamp(historyIndex + (key.Key == ConsoleKey.UpArrow ? -1 : 1), 0, history.Entries.Count);
                    Set(historyIndex == history.Entries.Count ? saved : history.Entries[historyIndex]);
                    break;
                case ConsoleKey.Tab:
                    Complete(pending, prompt);
                    break;
                default:
                    if (key.KeyChar >= ' ' && !ctrl) line.Insert(caret++, key.KeyChar);
                    else continue;
                    break;
            }
            Redraw(prompt);
        }
    }

    /// <summary>Inserts the common prefix of the candidates; when there is nothing to add, lists them.</summary>
    void Complete(string pending, string prompt)
    {
        var before = line.ToString(0, caret);
        if (complete is null || before.Trim().Length == 0)
        {
            line.Insert(caret, "    "); caret += 4;
            return;
        }
        var (start, items) = complete(pending + line, pending.Length + caret);
        start -= pending.Length;
        if (items.Count == 0 || start < 0 || start > caret) return;
        var typed = caret - start;
        var common = items.Aggregate((a, b) => a[..CommonLength(a, b)]);
        if (common.Length > typed)
        {
            line.Remove(start, typed).Insert(start, common);
            caret = start + common.Length;
        }
        else if (items.Count > 1)
        {
            output.WriteLine();
            output.WriteLine(string.Join("  ", items.Take(60)) + (items.Count > 60 ? $"  ... ({items.Count} in all)" : ""));
        }
    }

    static int CommonLength(string a, string b)
    {
        int n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }

    void Set(string text) { line.Clear().Append(text); caret = line.Length; }

    void Redraw(string prompt)
    {
        var shown = line.ToString().Replace("\n", " ");
        output.Write($"\r{prompt}{shown}\u001b[K");
        if (caret < line.Length) output.Write($"\u001b[{line.Length - caret}D");
    }

    /// <summary>The text of the line being edited (for tests).</summary>
    public string Current => line.ToString();
}
