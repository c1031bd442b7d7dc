// When a typed cell is complete: Roslyn's check, except that a string or char literal cut by the end of a line ends
// the cell (as a compile error) instead of waiting for lines that can never close it.
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Mnist.Scripting.Host;

internal static class Submission
{
    /// <summary>True when the cell should run now (it may still hold errors to report).</summary>
    public static bool IsComplete(string code)
    {
        var tree = SyntaxFactory.ParseSyntaxTree(code, ScriptEnvironment.ParseOptions);
        return SyntaxFactory.IsCompleteSubmission(tree) || HasUnclosableLiteral(tree);
    }

    // "..." and '...' cannot span lines, so Roslyn's CS1010 (newline in constant) is final whatever comes next; with
    // piped input, waiting would swallow the next line into this cell. $"..." cannot either outside its holes (CS1039).
    // Verbatim @"...", raw """...""" and an open hole of $"...{ may span lines: those keep the cell open.
    static bool HasUnclosableLiteral(SyntaxTree tree)
    {
        var ids = tree.GetDiagnostics().Select(d => d.Id).ToHashSet();
        if (ids.Contains("CS1010")) return true;
        return ids.Contains("CS1039") && tree.GetRoot().DescendantNodes().OfType<InterpolatedStringExpressionSyntax>().Any(s =>
            s.StringStartToken.IsKind(SyntaxKind.InterpolatedStringStartToken) && s.StringEndToken.IsMissing
            && s.Contents.LastOrDefault() is not InterpolationSyntax { CloseBraceToken.IsMissing: true });
    }
}
