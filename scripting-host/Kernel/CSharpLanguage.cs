// C# cells for the kernel: Roslyn scripting (CellSession), Roslyn completion (Completer), the REPL's completeness check.
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Mnist.Scripting.Host.Kernel;

internal sealed class CSharpLanguage : ICellLanguage
{
    readonly ScriptEnvironment environment = new();
    readonly CellSession cells;
    readonly Completer completer;

    public CSharpLanguage()
    {
        cells = new CellSession(environment);
        completer = new Completer(environment);
    }

    public JsonObject LanguageInfo => KernelSpec.CSharp.LanguageInfo(version: "14.0");

    public string Banner => "mnist-scripting: C# for chapter 4 (Roslyn scripting; Tensor and the chart prelude imported).";

    public (string Text, string Url) HelpLink => ("C# scripting", "https://github.com/dotnet/roslyn/blob/main/docs/wiki/Scripting-API-Samples.md");

    // Compiling a throwaway cell loads the compiler and the references' metadata, so the first real cell answers in
    // ~0.1 s instead of ~1.2 s; then completion.
    public void WarmUp()
    {
        Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript.Create("Tensor.Of(0.0)", environment.ForRepl(), typeof(ScriptGlobals)).Compile();
        completer.WarmUp();
    }

    public CellOutcome Run(string code) => cells.Run(code);

    // Loops in cells are rewritten to poll this flag (LoopGuard).
    public void Interrupt() => Host.Interrupt.Request();

    public (int Start, IReadOnlyList<string> Items) Complete(string code, int cursor) => completer.Complete(cells.SessionCode, code, cursor);

    public string? Inspect(string code, int cursor) => completer.Describe(cells.SessionCode, code, cursor);

    /// <summary>The REPL's check (Submission.IsComplete): incomplete cells get an indent of four spaces per open brace;
    /// complete ones that still hold syntax errors are invalid.</summary>
    public (string Status, string Indent) IsComplete(string code)
    {
        var tree = SyntaxFactory.ParseSyntaxTree(code, ScriptEnvironment.ParseOptions);
        if (!Submission.IsComplete(code))
        {
            var tokens = tree.GetRoot().DescendantTokens().Where(t => !t.IsMissing).ToList();
            var depth = tokens.Count(t => t.IsKind(SyntaxKind.OpenBraceToken)) - tokens.Count(t => t.IsKind(SyntaxKind.CloseBraceToken));
            return ("incomplete", new string(' ', 4 * Math.Max(depth, 0)));
        }
        return (tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error) ? "invalid" : "complete", "");
    }
}
