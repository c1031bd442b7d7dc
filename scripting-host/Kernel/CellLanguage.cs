// What the wire layer (KernelServer) asks of a language: the session's cells, completion, inspection and the
// is_complete check. Everything else a kernel does (messages, signing, status, streams, charts, the Learner's table,
// interrupt, shutdown) is the server's and the same for every language.
using System.Text.Json.Nodes;

namespace Mnist.Scripting.Host.Kernel;

/// <summary>One language's cell session, served by <see cref="KernelServer"/>.</summary>
internal interface ICellLanguage
{
    /// <summary>kernel_info_reply's language_info (name, version, mimetype, file_extension, codemirror/pygments).</summary>
    JsonObject LanguageInfo { get; }

    /// <summary>kernel_info_reply's banner.</summary>
    string Banner { get; }

    /// <summary>kernel_info_reply's help_links besides the book's.</summary>
    (string Text, string Url) HelpLink { get; }

    /// <summary>Loads the compiler while the client connects (best effort; runs on a thread of its own).</summary>
    void WarmUp();

    /// <summary>Compiles and runs one cell on the session's state (blocks until it ends or is interrupted).</summary>
    CellOutcome Run(string code);

    /// <summary>Asks the running cell to stop, keeping the session's values (interrupt_request).</summary>
    void Interrupt();

    /// <summary>Completions at <paramref name="cursor"/>: where the replaced text starts, and the candidates.</summary>
    (int Start, IReadOnlyList<string> Items) Complete(string code, int cursor);

    /// <summary>The signature and doc summary of the name at <paramref name="cursor"/>, or null.</summary>
    string? Inspect(string code, int cursor);

    /// <summary>is_complete_reply: "complete", "incomplete" (with the indent for the next line) or "invalid".</summary>
    (string Status, string Indent) IsComplete(string code);
}
