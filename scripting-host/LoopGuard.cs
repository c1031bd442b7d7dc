// Rewrites a cell so every loop body starts with Interrupt.Check(): an infinite loop can then be cancelled without
// killing the session. Nothing is added on new lines, so line numbers in errors stay those the user typed.
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Mnist.Scripting.Host;

internal sealed class LoopGuard : CSharpSyntaxRewriter
{
    static readonly StatementSyntax CheckCall = SyntaxFactory.ParseStatement("global::Mnist.Scripting.Host.Interrupt.Check();");

    /// <summary>True when the code has a loop worth guarding.</summary>
    public static bool HasLoops(SyntaxNode root) => root.DescendantNodes().Any(n =>
        n is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax or GotoStatementSyntax);

    /// <summary>The code with guarded loops, same line structure.</summary>
    public static string Rewrite(SyntaxTree tree) => new LoopGuard().Visit(tree.GetRoot()).ToFullString();

    static StatementSyntax Guard(StatementSyntax body)
    {
        var open = SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space);
        var close = SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space);
        return SyntaxFactory.Block(open, SyntaxFactory.List([CheckCall, body.WithoutTrivia()]), close)
            .WithLeadingTrivia(body.GetLeadingTrivia()).WithTrailingTrivia(body.GetTrailingTrivia());
    }

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
        => ((WhileStatementSyntax)base.VisitWhileStatement(node)!) is var n ? n.WithStatement(Guard(n.Statement)) : null;

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
        => ((DoStatementSyntax)base.VisitDoStatement(node)!) is var n ? n.WithStatement(Guard(n.Statement)) : null;

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
        => ((ForStatementSyntax)base.VisitForStatement(node)!) is var n ? n.WithStatement(Guard(n.Statement)) : null;

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
        => ((ForEachStatementSyntax)base.VisitForEachStatement(node)!) is var n ? n.WithStatement(Guard(n.Statement)) : null;

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
        => ((ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!) is var n ? n.WithStatement(Guard(n.Statement)) : null;

    public override SyntaxNode? VisitLabeledStatement(LabeledStatementSyntax node)
        => ((LabeledStatementSyntax)base.VisitLabeledStatement(node)!) is var n ? n.WithStatement(Guard(n.Statement)) : null;
}
