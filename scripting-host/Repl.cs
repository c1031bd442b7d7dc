// The REPL: reads cells (multi-line until Roslyn says the submission is complete), runs each on the previous state so
// variables survive, shows trailing values, survives errors, and handles :commands.
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Mnist.Scripting.Host;

/// <summary>An interactive session over ScriptState.ContinueWithAsync.</summary>
public sealed partial class Repl
{
    readonly ILineReader reader;
    readonly TextWriter output;
    readonly ScriptEnvironment env;
    readonly ScriptOptions options;
    readonly History history;
    readonly List<string> cells = [];
    ScriptState<object>? state;
    bool timeNext;

    /// <summary>Whether prompts and the banner are printed (a terminal); false for redirected input.</summary>
    public bool ShowPrompts { get; init; }

    /// <summary>Cells running longer are interrupted like Ctrl-C (tests use this; null means no limit).</summary>
    public TimeSpan? SubmissionTimeout { get; init; }

    /// <summary>Primary and continuation prompts.</summary>
    public const string Prompt = "> ", ContinuationPrompt = "... ";

    public Repl(ILineReader reader, TextWriter output, ScriptEnvironment env, History? history = null)
    {
        this.reader = reader;
        this.output = output;
        this.env = env;
        this.history = history ?? new History(null);
        options = env.ForRepl();
        // Chart paths and reports go where the cells' values go (tests pass a StringWriter).
        if (!ReferenceEquals(output, Console.Out)) Mnist.Scripting.Dsl.DslOutput.Writer = output;
    }

    /// <summary>The code of the cells run so far in this session (for completion).</summary>
    public string SessionCode => string.Join("\n;\n", cells);

    /// <summary>Names of the session's variables, latest declaration wins.</summary>
    public IReadOnlyList<ScriptVariable> Variables => state is null ? []
        : state.Variables.GroupBy(v => v.Name).Select(g => g.Last()).ToList();

    /// <summary>Reads and runs cells until :quit or end of input. Returns the exit code (0).</summary>
    public async Task<int> RunAsync()
    {
        if (ShowPrompts) output.WriteLine("mnist-scripting: C# for chapter 4. :help for commands, Tab completes, Ctrl-D quits.");
        var pending = new List<string>();
        int blankRun = 0;
        while (true)
        {
            var line = reader.ReadLine(pending.Count == 0 ? (ShowPrompts ? Prompt : "") : (ShowPrompts ? ContinuationPrompt : ""),
                string.Concat(pending.Select(p => p + "\n")));
            if (line is null)
            {
                if (pending.Count > 0) await SubmitAsync(string.Join("\n", pending));
                return 0;
            }
            if (reader.Interrupted) { pending.Clear(); continue; }
            if (pending.Count == 0)
            {
                if (line.Trim().Length == 0) continue;
                if (line.TrimStart().StartsWith(':'))
                {
                    if (!await TryCommandAsync(line.Trim())) return 0;
                    continue;
                }
            }
            pending.Add(line);
            blankRun = line.Trim().Length == 0 ? blankRun + 1 : 0;
            var code = string.Join("\n", pending);
            // Two blank lines submit an incomplete cell anyway, so its errors show instead of waiting forever.
            if (!IsComplete(code) && blankRun < 2) continue;
            pending.Clear();
            blankRun = 0;
            history.Add(code);
            await SubmitAsync(code);
        }
    }

    /// <summary>Roslyn's complete-submission check (balanced braces, a finished statement or expression); a string or
    /// char literal left open at the end of a line also completes the cell, as the error it is.</summary>
    public static bool IsComplete(string code) => Submission.IsComplete(code);

    /// <summary>Compiles and runs one cell; prints its value or its error. Returns true when it ran without error.</summary>
    public async Task<bool> SubmitAsync(string code, ScriptOptions? cellOptions = null)
    {
        var timing = timeNext;
        timeNext = false;
        var clock = Stopwatch.StartNew();
        var ok = await RunCellAsync(code, cellOptions ?? options);
        if (timing) output.WriteLine($"Wall time: {clock.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms");
        return ok;
    }

    async Task<bool> RunCellAsync(string code, ScriptOptions cellOptions)
    {
        var phase = Stopwatch.StartNew();
        code = env.Packages.TakeSources(code);
        Script<object> script = Chain(code, cellOptions);
        var diagnostics = script.Compile();
        Timing.Mark("compile", phase);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            foreach (var d in errors.Take(10)) output.WriteLine(Errors.Format(d));
            if (errors.Count > 10) output.WriteLine($"... and {errors.Count - 10} more errors");
            return false;
        }
        var tree = script.GetCompilation().SyntaxTrees.Last();
        if (LoopGuard.HasLoops(tree.GetRoot())) script = Chain(LoopGuard.Rewrite(tree), cellOptions);

        Interrupt.Reset();
        Mnist.Scripting.Dsl.DslOutput.ClearAnnounced();
        using var timeout = SubmissionTimeout is { } limit ? new CancellationTokenSource(limit) : null;
        using var registration = timeout?.Token.Register(Interrupt.Request);
        Running = true;
        try
        {
            var next = state is null
                ? await script.RunAsync(new ScriptGlobals([]), _ => true)
                : await script.RunFromAsync(state, _ => true);
            state = next;
            cells.Add(code);
            Timing.Mark("run", phase);
            if (next.Exception is { } e)
            {
                // Only our own interrupt is KeyboardInterrupt; the user's OperationCanceledException shows as itself.
                output.WriteLine(Errors.Unwrap(e) is KeyboardInterruptException ? "KeyboardInterrupt: the cell was interrupted; variables are kept."
                    : Errors.Format(e));
                return false;
            }
            if (ValueFormatter.Display(next.ReturnValue) is { } text) output.WriteLine(text);
            return true;
        }
        catch (Exception e) // compilation-time failures at run (e.g. a #r that cannot load) keep the old state
        {
            output.WriteLine(Errors.Format(e));
            return false;
        }
        finally { Running = false; }
    }

    /// <summary>True while a cell runs (Ctrl-C then interrupts the cell rather than the line).</summary>
    public bool Running { get; private set; }

    // Cells go in as UTF-8 streams so their source text has an encoding, which debug information (line numbers) needs.
    Script<object> Chain(string code, ScriptOptions cellOptions)
    {
        var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(code));
        return state is null ? CSharpScript.Create(stream, cellOptions, typeof(ScriptGlobals))
            : state.Script.ContinueWith<object>(stream, cellOptions);
    }

    /// <summary>Forgets every variable and cell (the prelude stays).</summary>
    public void Reset() { state = null; cells.Clear(); }
}
