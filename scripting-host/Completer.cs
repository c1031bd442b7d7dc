// Tab completion from Roslyn's CompletionService: the session's earlier cells plus the text being typed form one
// script document in an ad-hoc workspace (built lazily, off the start-up path).
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Completion;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.FindSymbols;
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

    /// <summary>The signature and XML doc summary of the symbol at the caret (Jupyter's inspect, Shift-Tab), or null.</summary>
    public string? Describe(string history, string text, int caret)
    {
        var (ws, projectId) = workspace.Value;
        var prefix = history.Length == 0 ? "" : history + "\n;\n";
        var document = ws.CurrentSolution.GetProject(projectId)!
            .AddDocument("cell.csx", SourceText.From(prefix + text), filePath: "cell.csx")
            .WithSourceCodeKind(SourceCodeKind.Script);
        var model = document.GetSemanticModelAsync().GetAwaiter().GetResult();
        if (model is null) return null;
        // The caret usually sits just after the name (Tensor.Of|), so the position before it is tried too.
        foreach (var position in new[] { prefix.Length + caret, prefix.Length + caret - 1 })
        {
            if (position < prefix.Length || position >= prefix.Length + text.Length + 1) continue;
            var symbol = SymbolFinder.FindSymbolAtPositionAsync(model, position, ws).GetAwaiter().GetResult();
            if (symbol is null) continue;
            var summary = Summary(symbol.GetDocumentationCommentXml());
            return symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) + (summary is null ? "" : "\n\n" + summary);
        }
        return null;
    }

    static string? Summary(string? xml)
    {
        if (string.IsNullOrWhiteSpace(xml)) return null;
        try
        {
            var summary = System.Xml.Linq.XElement.Parse(xml).Element("summary");
            if (summary is null) return null;
            var text = string.Concat(summary.Nodes().Select(n => n is System.Xml.Linq.XElement e
                ? (e.Attribute("cref")?.Value.Split(':').Last() ?? e.Attribute("name")?.Value ?? e.Value) : n.ToString()));
            return System.Text.RegularExpressions.Regex.Replace(System.Net.WebUtility.HtmlDecode(text), @"\s+", " ").Trim();
        }
        catch (System.Xml.XmlException) { return null; }
    }

    // XML docs beside an assembly (Mnist.Scripting.*.xml) feed inspection; without them only signatures show.
    static MetadataReference Reference(System.Reflection.Assembly a)
    {
        var xml = Path.ChangeExtension(a.Location, ".xml");
        return MetadataReference.CreateFromFile(a.Location,
            documentation: File.Exists(xml) ? XmlDocumentationProvider.CreateFromFile(xml) : null);
    }

    static (AdhocWorkspace, ProjectId) Create(ScriptEnvironment env)
    {
        var ws = new AdhocWorkspace();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, usings: env.Imports.Concat(env.StaticImports));
        var info = ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Create(), "cells", "cells", LanguageNames.CSharp,
            compilationOptions: options, parseOptions: ScriptEnvironment.ParseOptions,
            metadataReferences: env.Assemblies.Select(Reference),
            isSubmission: true, hostObjectType: typeof(ScriptGlobals));
        var project = ws.AddProject(info);
        return (ws, project.Id);
    }
}
