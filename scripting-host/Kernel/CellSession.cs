// The kernel's cells: each runs on the previous cell's state like a REPL cell (loops made interruptible by LoopGuard),
// and comes back as a value, a compile error or an exception instead of printed text.
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Mnist.Scripting.Host.Kernel;

/// <summary>What a cell gave: ok with the text of its trailing value (null: nothing to show), or an error.</summary>
internal sealed record CellOutcome(bool Ok, string? Text, string EName = "", string EValue = "", IReadOnlyList<string>? Traceback = null);

/// <summary>The variables and cells of one kernel session.</summary>
internal sealed class CellSession(ScriptEnvironment env)
{
    readonly ScriptOptions options = env.ForRepl();
    readonly List<string> cells = [];
    readonly Lock gate = new();
    ScriptState<object>? state;

    /// <summary>The code of the cells run so far (for completion and inspection).</summary>
    public string SessionCode { get { lock (gate) return string.Join("\n;\n", cells); } }


    /// <summary>Compiles and runs one cell.</summary>
    public CellOutcome Run(string code)
    {
        ScriptState<object>? before;
        lock (gate) before = state;
        code = env.Packages.TakeSources(code);
        var script = Chain(before, code);
        var errors = script.Compile().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var lines = errors.Take(10).Select(Errors.Format).ToList();
            if (errors.Count > 10) lines.Add($"... and {errors.Count - 10} more errors");
            return new(false, null, "CompilationError", lines[0], lines);
        }
        var tree = script.GetCompilation().SyntaxTrees.Last();
        if (LoopGuard.HasLoops(tree.GetRoot())) script = Chain(before, LoopGuard.Rewrite(tree));

        Mnist.Scripting.Dsl.DslOutput.ClearAnnounced();
        try
        {
            var next = before is null
                ? script.RunAsync(new ScriptGlobals([]), _ => true).GetAwaiter().GetResult()
                : script.RunFromAsync(before, _ => true).GetAwaiter().GetResult();
            lock (gate)
                { state = next; cells.Add(code); }
            if (next.Exception is { } e) return Failure(e);
            return new(true, ValueFormatter.Display(next.ReturnValue));
        }
        catch (Exception e) { return Failure(e); } // e.g. a #r that cannot load: the old state stays
    }

    static CellOutcome Failure(Exception exception)
    {
        var e = Errors.Unwrap(exception);
        if (e is KeyboardInterruptException)
            return new(false, null, "KeyboardInterrupt", "the cell was interrupted; variables are kept",
                ["KeyboardInterrupt: the cell was interrupted; variables are kept."]);
        var lines = Errors.Format(e).Split(Environment.NewLine);
        return new(false, null, e.GetType().Name, e.Message, lines);
    }

    // Cells go in as UTF-8 streams so their source text has an encoding, which line numbers in traces need.
    Script<object> Chain(ScriptState<object>? before, string code)
    {
        var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(code));
        return before is null ? CSharpScript.Create(stream, options, typeof(ScriptGlobals))
            : before.Script.ContinueWith<object>(stream, options);
    }
}
