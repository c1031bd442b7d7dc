// F# cells for the kernel: one F# Interactive session in this process (FSharp.Compiler.Service's FsiEvaluationSession)
// with the engine, the DSL and the F# front end referenced and `open Mnist.Scripting.FSharp` done, so a cell is what
// the F# scripts hold. Completion and inspection come from FCS's checker on the session's state; an interrupt stops the
// running cell with ControlledExecution (F# Interactive's own Interrupt does nothing on .NET), keeping the values.
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using FSharp.Compiler.CodeAnalysis;
using FSharp.Compiler.Diagnostics;
using FSharp.Compiler.EditorServices;
using FSharp.Compiler.Interactive;
using FSharp.Compiler.Symbols;
using Microsoft.FSharp.Control;
using Microsoft.FSharp.Core;
using Mnist.Scripting.Dsl;

namespace Mnist.Scripting.Host.Kernel;

internal sealed class FSharpLanguage : ICellLanguage
{
    /// <summary>Defined in kernel cells (`#if MNIST_SCRIPTING_KERNEL`), so scripts/fsharp/common.fsx skips the #r lines
    /// whose assemblies the kernel has already referenced.</summary>
    public const string KernelSymbol = "MNIST_SCRIPTING_KERNEL";

    // The assemblies every cell sees, from the kernel's own folder, and what the session starts with.
    static readonly string[] References = ["Mnist.Scripting.Core.dll", "Mnist.Scripting.Data.dll", "Mnist.Scripting.Training.dll", "Mnist.Scripting.Dsl.dll", "Mnist.Scripting.FSharp.dll"];
    const string Prelude = "open Mnist.Scripting\nopen Mnist.Scripting.Data\nopen Mnist.Scripting.FSharp";

    // Made on the warm-up thread, so the kernel answers kernel_info while F# Interactive starts (about 2 s).
    readonly Lazy<Shell.FsiEvaluationSession> lazySession;
    Shell.FsiEvaluationSession session => lazySession.Value;
    // How is_complete parses a cell: as an interactive script.
    readonly Lazy<FSharpParsingOptions> cellParsing;
    readonly StringWriter fsiErrors = new();
    readonly Lock gate = new();
    CancellationTokenSource? running;
    readonly Dictionary<string, XDocument?> xmlDocs = [];

    /// <summary>A session in the working folder (the notebook's), so `#load` and `#r` paths resolve from there.</summary>
    public FSharpLanguage()
    {
        lazySession = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
        cellParsing = new(() => session.InteractiveChecker.GetParsingOptionsFromCommandLineArgs(
            Microsoft.FSharp.Collections.ListModule.OfSeq(["cell.fsx"]), FSharpOption<bool>.Some(true), null).Item1);
    }

    Shell.FsiEvaluationSession Start()
    {
        var dir = AppContext.BaseDirectory;
        var args = new List<string> { "fsi.dll", "--noninteractive", "--nologo", "--gui-", "--optimize+", $"--define:{KernelSymbol}" };
        args.AddRange(References.Select(r => "-r:" + Path.Combine(dir, r)));
        // fsi would echo a Size as a sequence and a Tensor with every property: the engine's printers show them as
        // PyTorch prints them.
        var settings = Shell.Settings.fsi;
        if (!FsiPrinters.AddTo(settings)) throw new InvalidOperationException("F# Interactive's settings took no printers");
        // F# Interactive's own echo ("val x: int = 3") goes nowhere: a cell shows its trailing value as a result, as C#
        // cells do, and printfn writes to the kernel's stdout stream. Its error text is kept for the rare failure that
        // carries no diagnostic.
        return Shell.FsiEvaluationSession.Create(Shell.FsiEvaluationSession.GetDefaultConfiguration(settings, false), [.. args],
            new StringReader(""), TextWriter.Null, fsiErrors, FSharpOption<bool>.Some(true), null);
    }

    public JsonObject LanguageInfo => KernelSpec.FSharp.LanguageInfo(version: "10.0");

    public string Banner => "mnist-scripting: F# for chapter 4 (F# Interactive; open Mnist.Scripting.FSharp done).";

    public (string Text, string Url) HelpLink => ("F# Interactive", "https://learn.microsoft.com/dotnet/fsharp/tools/fsharp-interactive/");

    // The opens, then one checked interaction, so the first cell and the first completion are quick.
    public void WarmUp()
    {
        var outcome = Evaluate(Prelude, interruptible: false);
        if (!outcome.Ok) throw new InvalidOperationException(string.Join("\n", outcome.Traceback ?? []));
        _ = Complete("Tensor.", 7);
    }

    public CellOutcome Run(string code)
    {
        DslOutput.ClearAnnounced();
        return Evaluate(code, interruptible: true);
    }

    public void Interrupt()
    {
        Host.Interrupt.Request();
        lock (gate) running?.Cancel();
    }

    CellOutcome Evaluate(string code, bool interruptible)
    {
        Tuple<FSharpChoice<FSharpOption<Shell.FsiValue>?, Exception>, FSharpDiagnostic[]>? result = null;
        fsiErrors.GetStringBuilder().Clear();
        var stop = new CancellationTokenSource();
        lock (gate) running = stop;
        try
        {
            if (!interruptible) result = session.EvalInteractionNonThrowing(code, null);
            else
            {
                // An interrupt that came while the cell was being set up counts too.
                if (Host.Interrupt.Requested) stop.Cancel();
#pragma warning disable SYSLIB0046 // ControlledExecution is how F# Interactive itself stops a cell on .NET.
                System.Runtime.ControlledExecution.Run(() => result = session.EvalInteractionNonThrowing(code, null), stop.Token);
#pragma warning restore SYSLIB0046
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { return Interrupted(); }
        finally
        {
            lock (gate) running = null;
            stop.Dispose();
        }
        var (choice, diagnostics) = (result!.Item1, result.Item2);
        var errors = diagnostics.Where(d => d.Severity.IsError).ToList();
        foreach (var w in diagnostics.Where(d => d.Severity.IsWarning)) Console.Error.WriteLine(Format(w));
        if (choice is FSharpChoice<FSharpOption<Shell.FsiValue>?, Exception>.Choice2Of2 { Item: var exception })
        {
            if (errors.Count > 0 || exception is Shell.FsiCompilationException)
            {
                var lines = errors.Take(10).Select(Format).ToList();
                if (errors.Count > 10) lines.Add($"... and {errors.Count - 10} more errors");
                if (lines.Count == 0) lines.Add(fsiErrors.ToString().Trim() is { Length: > 0 } text ? text : exception.Message);
                return new(false, null, "CompilationError", lines[0], lines);
            }
            var e = Errors.Unwrap(exception);
            if (e is KeyboardInterruptException || e is OperationCanceledException && stop.IsCancellationRequested) return Interrupted();
            return new(false, null, e.GetType().Name, e.Message, Errors.Format(e).Split(Environment.NewLine));
        }
        var value = ((FSharpChoice<FSharpOption<Shell.FsiValue>?, Exception>.Choice1Of2)choice).Item;
        return new(true, value is null ? null : Show(value.Value));
    }

    static CellOutcome Interrupted() => new(false, null, "KeyboardInterrupt", "the cell was interrupted; variables are kept",
        ["KeyboardInterrupt: the cell was interrupted; variables are kept."]);

    /// <summary>`(cell)(line,col): error FS0001: message`, the C# kernel's form, columns counted from 1.</summary>
    static string Format(FSharpDiagnostic d)
        => $"(cell)({d.StartLine},{d.StartColumn + 1}): {(d.Severity.IsError ? "error" : "warning")} FS{d.ErrorNumber:D4}: {d.Message}";

    /// <summary>The cell's trailing value as fsi would echo it (with the printers above); nothing for unit or for a
    /// chart the cell has already shown.</summary>
    string? Show(Shell.FsiValue value) => value.ReflectionValue switch
    {
        null when value.ReflectionType == typeof(Unit) => null,
        Chart c when DslOutput.WasAnnounced(c.Path) => null,
        Tensor or Size => value.ReflectionValue.ToString(),
        null => "null",
        var v => session.FormatValue(v, value.ReflectionType),
    };

    /// <summary>FCS's declaration list at the cursor, filtered by what was typed of the last name.</summary>
    public (int Start, IReadOnlyList<string> Items) Complete(string code, int cursor)
    {
        var (line, column, lineText) = Position(code, cursor);
        var partial = QuickParse.GetPartialLongNameEx(lineText, column - 1);
        var (parse, check, _) = session.ParseAndCheckInteraction(code, null);
        var info = check.GetDeclarationListInfo(FSharpOption<FSharpParseFileResults>.Some(parse), line, lineText, partial, null, null, null);
        var typed = partial.PartialIdent;
        var items = info.Items.Select(i => i.NameInCode).Where(n => n.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        return (cursor - typed.Length, items);
    }

    /// <summary>The tooltip FCS shows an editor: the signature, then the XML doc's summary.</summary>
    public string? Inspect(string code, int cursor)
    {
        var (line, column, lineText) = Position(code, cursor);
        var island = QuickParse.GetCompleteIdentifierIsland(true, lineText, Math.Max(column - 1, 0));
        if (island is null) return null;
        var (name, end) = (island.Value.Item1, island.Value.Item2);
        var (_, check, _) = session.ParseAndCheckInteraction(code, null);
        var tip = check.GetToolTip(line, end, lineText, Microsoft.FSharp.Collections.ListModule.OfSeq(name.Split('.')),
            global::FSharp.Compiler.Tokenization.FSharpTokenTag.Identifier, null);
        var text = new StringBuilder();
        foreach (var element in tip.Item)
            if (element is ToolTipElement.Group group)
                foreach (var data in group.elements)
                {
                    text.AppendLine(string.Concat(data.MainDescription.Select(t => t.Text)));
                    if (Summary(data.XmlDoc) is { Length: > 0 } summary) text.AppendLine().AppendLine(summary);
                }
        return text.Length == 0 ? null : text.ToString().TrimEnd();
    }

    string? Summary(FSharpXmlDoc doc)
    {
        string? xml = doc switch
        {
            FSharpXmlDoc.FromXmlText t => "<doc>" + string.Join("\n", t.Item.UnprocessedLines) + "</doc>",
            FSharpXmlDoc.FromXmlFile f => MemberDoc(f.dllName, f.xmlSig),
            _ => null,
        };
        if (xml is null) return null;
        try
        {
            var root = XElement.Parse(xml);
            var summary = root.Element("summary") ?? root;
            return string.Join(" ", summary.DescendantNodes().OfType<XText>().Select(t => t.Value.Trim()).Where(t => t.Length > 0));
        }
        catch (System.Xml.XmlException) { return null; }
    }

    // The <member> of a referenced assembly's XML doc file (beside it), read once per file.
    string? MemberDoc(string dll, string signature)
    {
        var path = Path.ChangeExtension(dll, ".xml");
        if (!xmlDocs.TryGetValue(path, out var document))
        {
            try { document = File.Exists(path) ? XDocument.Load(path) : null; }
            catch (System.Xml.XmlException) { document = null; }
            xmlDocs[path] = document;
        }
        return document?.Descendants("member").FirstOrDefault(m => (string?)m.Attribute("name") == signature)?.ToString();
    }

    /// <summary>F# has no braces to count: a cell whose parse stops at the end of the input (an open bracket, a binding
    /// without a body) is incomplete and gets an indent; one with another syntax error is invalid.</summary>
    public (string Status, string Indent) IsComplete(string code)
    {
        // Parsing alone: a console asks at every Enter, and type-checking the cell would add nothing to the answer.
        var checker = session.InteractiveChecker;
        var parse = FSharpAsync.RunSynchronously(checker.ParseFile("cell.fsx", global::FSharp.Compiler.Text.SourceText.ofString(code),
            cellParsing.Value, null, null), null, null);
        var errors = parse.Diagnostics.Where(d => d.Severity.IsError).ToList();
        if (errors.Count == 0) return ("complete", "");
        var atEnd = errors.Any(d => d.Message.Contains("end of input", StringComparison.OrdinalIgnoreCase)
                                    || d.Message.Contains("Incomplete structured construct", StringComparison.Ordinal)
                                    || d.Message.StartsWith("Unmatched", StringComparison.Ordinal));
        return atEnd ? ("incomplete", "    ") : ("invalid", "");
    }

    /// <summary>The 1-based line, the 0-based column and the line's text at a character offset.</summary>
    static (int Line, int Column, string Text) Position(string code, int cursor)
    {
        var before = code[..cursor];
        var line = before.Count(c => c == '\n') + 1;
        var start = before.LastIndexOf('\n') + 1;
        var end = code.IndexOf('\n', cursor);
        return (line, cursor - start, code[start..(end < 0 ? code.Length : end)].TrimEnd('\r'));
    }
}
