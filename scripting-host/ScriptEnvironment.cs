// The prelude every session starts with: references and usings built by reflection from the Mnist.Scripting.*
// assemblies next to the host (so namespaces added later are picked up), plus static imports of the DSL's Prelude*.
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Mnist.Scripting.Host;

/// <summary>Script options shared by the REPL and the runner.</summary>
public sealed class ScriptEnvironment
{
    static readonly string[] SystemImports =
        ["System", "System.Collections.Generic", "System.Linq", "System.IO", "System.Text", "System.Threading.Tasks"];

    static readonly string[] FrameworkAssemblies =
    [
        "System.Runtime", "System.Collections", "System.Linq", "System.Console", "System.Text.RegularExpressions",
        "System.Threading", "System.Threading.Tasks", "System.Collections.Concurrent", "System.Memory", "System.ObjectModel",
        "System.Runtime.InteropServices", "System.Numerics.Vectors", "System.Linq.Expressions", "System.Private.Uri",
        "System.Diagnostics.Process", "System.ComponentModel.Primitives", "System.Drawing.Primitives", "netstandard",
    ];

    /// <summary>The namespaces imported into every script.</summary>
    public IReadOnlyList<string> Imports { get; }

    /// <summary>The static classes whose members scripts call unqualified (Report, PlotFunction, ShowImage...).</summary>
    public IReadOnlyList<string> StaticImports { get; }

    /// <summary>Every assembly scripts reference.</summary>
    public IReadOnlyList<Assembly> Assemblies { get; }

    /// <summary>The NuGet packages and sources this session's #r "nuget: ..." and #i "nuget: ..." lines named.</summary>
    internal PackageReferences Packages { get; } = new();

    /// <summary>Options for a script with no file (REPL cells).</summary>
    public ScriptOptions Options { get; }

    /// <summary>Parse options scripts compile with (C# latest, script kind).</summary>
    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    public ScriptEnvironment()
    {
        var own = LoadOwnAssemblies();
        var types = own.SelectMany(ExportedTypes).ToList();
        var namespaces = types.Select(t => t.Namespace).OfType<string>()
            .Where(n => n.StartsWith("Mnist.Scripting", StringComparison.Ordinal) && !n.StartsWith("Mnist.Scripting.Host", StringComparison.Ordinal))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        StaticImports = types
            .Where(t => t is { IsAbstract: true, IsSealed: true, Namespace: "Mnist.Scripting.Dsl" } && t.Name.StartsWith("Prelude", StringComparison.Ordinal))
            .Select(t => t.FullName!).Order(StringComparer.Ordinal).ToList();
        var ownNames = types.Where(t => t.Namespace is not null && namespaces.Contains(t.Namespace) && !t.IsNested)
            .Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        // A System namespace whose type name clashes with ours (e.g. a Data.Path) would make that name ambiguous: ours wins.
        Imports = [.. SystemImports.Where(ns => !ClashesWith(ns, ownNames)), .. namespaces];

        var assemblies = new List<Assembly> { typeof(object).Assembly, typeof(ScriptEnvironment).Assembly };
        foreach (var name in FrameworkAssemblies)
            try { assemblies.Add(Assembly.Load(name)); } catch (FileNotFoundException) { }
        assemblies.AddRange(own);
        foreach (var a in own)
            foreach (var r in a.GetReferencedAssemblies())
                try { assemblies.Add(Assembly.Load(r)); } catch (FileNotFoundException) { }
        Assemblies = assemblies.Where(a => !a.IsDynamic && a.Location.Length > 0).Distinct().ToList();

        Options = ScriptOptions.Default
            .WithReferences(Assemblies.Select(a => MetadataReference.CreateFromFile(a.Location)))
            .WithImports(Imports.Concat(StaticImports))
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithEmitDebugInformation(true)
            .WithAllowUnsafe(false);
        Timing.Mark("prelude");
    }

    /// <summary>Options for a script file: #load and #r resolve relative to its folder, positions name the file.</summary>
    public ScriptOptions ForFile(string fullPath)
    {
        var dir = Path.GetDirectoryName(fullPath)!;
        return Options.WithFilePath(fullPath)
            .WithSourceResolver(new SourceFileResolver([], dir))
            .WithMetadataResolver(Resolver(dir));
    }

    /// <summary>Options for REPL cells: #load and #r resolve relative to the working folder.</summary>
    public ScriptOptions ForRepl()
    {
        var dir = Directory.GetCurrentDirectory();
        return Options.WithSourceResolver(new SourceFileResolver([], dir)).WithMetadataResolver(Resolver(dir));
    }

    // #r "nuget: ..." restores through the session's packages; #r "file.dll" resolves relative to the folder.
    PackageReferenceResolver Resolver(string dir) => new(Packages, ScriptMetadataResolver.Default.WithBaseDirectory(dir), dir);

    /// <summary>The Mnist.Scripting.* assemblies shipped beside the host (tests and the F# front end excluded).</summary>
    static List<Assembly> LoadOwnAssemblies()
    {
        var result = new List<Assembly>();
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "Mnist.Scripting.*.dll"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            // The F# front end is there for the F# kernel; its modules mean nothing to C# scripts.
            if (name.EndsWith(".Tests", StringComparison.Ordinal) || name == "Mnist.Scripting.FSharp") continue;
            try { result.Add(Assembly.Load(new AssemblyName(name))); }
            catch (Exception e) when (e is FileNotFoundException or BadImageFormatException or FileLoadException) { }
        }
        return result;
    }

    static Type[] ExportedTypes(Assembly a)
    {
        try { return a.GetExportedTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.OfType<Type>().Where(t => t.IsPublic).ToArray(); }
    }

    static bool ClashesWith(string systemNamespace, HashSet<string> ownNames)
        => systemNamespace is "System.IO" or "System.Text" or "System.Threading.Tasks"
           && ownNames.Any(n => typeof(object).Assembly.GetType($"{systemNamespace}.{n}") is { IsPublic: true });
}
