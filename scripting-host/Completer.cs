// Tab completion from Roslyn's CompletionService: the session's earlier cells plus the text being typed form one
// script document in an ad-hoc workspace (built lazily, off the start-up path).
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Completion;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Mnist.Scripting.Host;

/// <summary>Completions for the text before the caret.</summary>
public sealed class Completer(ScriptEnvironment env)
{
    readonly Lazy<(AdhocWorkspace Workspace, ProjectId Project)> workspace = new(() => Create(env));

    /// <summary>Builds the workspace now (call from a background task so the first Tab is quick).</summary>
    public void WarmUp() => _ = Complete("", "Tensor.", 7);

    /// <summary>Where the word being completed starts in <paramref name="text"/>, and the candidate words.</summary>
    /// <param name="history">Earlier cells, for variables they declared.</param>
    /// <param name="text">The current cell up to and after the caret.</param>
    /// <param name="caret">Caret position in <paramref name="text"/>.</param>
    public (int Start, IReadOnlyList<string> Items) Complete(string history, string text, int caret)
    {
        var (ws, projectId) = workspace.Value;
        var prefix = history.Length == 0 ? "" : history + "\n;\n";
        var document = ws.CurrentSolution.GetProject(projectId)!
            .AddDocument("cell.csx", SourceText.From(prefix + text), filePath: "cell.csx")
            .WithSourceCodeKind(SourceCodeKind.Script);
        var service = CompletionService.GetService(document);
        if (service is null) return (caret, []);
        var position = prefix.Length + caret;
        var list = service.GetCompletionsAsync(document, position).GetAwaiter().GetResult();
        var start = list.Span.Start - prefix.Length;
        if (start < 0 || start > caret) start = caret;
        var typed = text[start..caret];
        var items = list.ItemsList.Select(i => i.DisplayText + i.DisplayTextSuffix)
            .Where(s => s.StartsWith(typed, StringComparison.Ordinal))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        return (start, items);
    }

    static (AdhocWorkspace, ProjectId) Create(ScriptEnvironment env)
    {
        var ws = new AdhocWorkspace();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, usings: env.Imports.Concat(env.StaticImports));
        var info = ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Create(), "cells", "cells", LanguageNames.CSharp,
            compilationOptions: options, parseOptions: ScriptEnvironment.ParseOptions,
            metadataReferences: env.Assemblies.Select(a => MetadataReference.CreateFromFile(a.Location)),
            isSubmission: true, hostObjectType: typeof(ScriptGlobals));
        var project = ws.AddProject(info);
        return (ws, project.Id);
    }
}
