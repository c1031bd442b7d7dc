// `#r "nuget: Name, Version"` and `#i "nuget: SOURCE"` in C# cells and .csx scripts, as F# Interactive has them. The
// restore is F# Interactive's own: its NuGet dependency manager (FSharp.DependencyManager.Nuget, shipped with the F#
// kernel's compiler) writes a small project and has the SDK restore it, cached per user (~/.nuget/packages and the
// manager's ~/.packagemanagement), so a package restored once is found again offline. The package's assemblies for this
// runtime and those of its dependencies become the cell's references; native libraries are found in its runtimes folder.
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace Mnist.Scripting.Host;

/// <summary>The NuGet packages and sources of one session (REPL, kernel or script run).</summary>
internal sealed partial class PackageReferences
{
    /// <summary>How long one restore may take before it fails with a message that names the sources.</summary>
    public static readonly TimeSpan RestoreLimit = TimeSpan.FromMinutes(3);

    // Why the last restore of a reference failed: Errors.Format shows it in place of Roslyn's "metadata file not found".
    static readonly ConcurrentDictionary<string, string> failures = new(StringComparer.OrdinalIgnoreCase);

    readonly Lock gate = new();
    readonly List<string> sources = [];
    readonly List<string> packages = [];                       // the package lines restored so far, in order
    readonly Dictionary<string, ImmutableArray<PortableExecutableReference>> resolved = new(StringComparer.OrdinalIgnoreCase);
    readonly HashSet<string> referenced = new(StringComparer.Ordinal); // assembly paths already given to a cell
    readonly Dictionary<string, (DateTime At, string Why)> failed = new(StringComparer.OrdinalIgnoreCase);
    readonly List<string> roots = [];
    object? manager;
    bool nativeHooked;

    [GeneratedRegex(@"^[ \t]*#i[ \t]+""nuget:[ \t]*(?<source>[^""]*)""[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex SourceDirective();

    /// <summary>Takes the code's <c>#i "nuget: SOURCE"</c> lines (a folder of .nupkg files or a feed URL) as package
    /// sources for the restores that follow, and blanks them (C# has no #i), keeping every other line where it was. A
    /// relative folder is relative to <paramref name="baseDirectory"/> (the script's folder; the working folder for cells).</summary>
    public string TakeSources(string code, string? baseDirectory = null) => SourceDirective().Replace(code, m =>
    {
        var source = m.Groups["source"].Value.Trim();
        if (source.Length > 0 && !source.Contains("://", StringComparison.Ordinal))
            source = Path.GetFullPath(source, baseDirectory ?? Directory.GetCurrentDirectory());
        lock (gate) if (source.Length > 0 && !sources.Contains(source)) sources.Add(source);
        return "";
    });

    /// <summary>The references a <c>#r "nuget: ..."</c> stands for, restoring the package on first use; empty when the
    /// restore failed (Explain then tells the user why).</summary>
    public ImmutableArray<PortableExecutableReference> Resolve(string reference, string baseDirectory)
    {
        var package = Normalize(reference);
        lock (gate)
        {
            if (resolved.TryGetValue(package, out var known)) return known;
            // A failure stands for a few seconds (Roslyn asks again within one compile); then a rerun tries again.
            var key = package + "|" + string.Join("|", sources);
            if (failed.TryGetValue(key, out var f) && DateTime.UtcNow - f.At < TimeSpan.FromSeconds(10)) return [];
            var (ok, paths, why) = Restore([.. packages, package], baseDirectory);
            if (!ok)
            {
                failed[key] = (DateTime.UtcNow, why);
                failures[reference.Trim()] = why;
                return [];
            }
            failures.TryRemove(reference.Trim(), out _);
            packages.Add(package);
            var fresh = paths.Where(referenced.Add).Select(p => MetadataReference.CreateFromFile(p)).ToImmutableArray();
            resolved[package] = fresh;
            return fresh;
        }
    }

    /// <summary>For Roslyn's CS0006 ("metadata file 'nuget: X' could not be found"): the restore's own error.</summary>
    public static string? Explain(Diagnostic d)
    {
        if (d.Id != "CS0006") return null;
        var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        int from = message.IndexOf('\''), to = message.LastIndexOf('\'');
        return to > from && failures.TryGetValue(message[(from + 1)..to].Trim(), out var why) ? why : null;
    }

    // "nuget: Name, 1.2" and "nuget:Name,1.2" are one package.
    static string Normalize(string reference)
    {
        var text = reference.Trim()["nuget:".Length..];
        return string.Join(", ", text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }

    (bool Ok, IReadOnlyList<string> Paths, string Why) Restore(IReadOnlyList<string> lines, string baseDirectory)
    {
        manager ??= NewManager();
        var directives = sources.Select(s => Tuple.Create("i", s)).Concat(lines.Select(l => Tuple.Create("r", l))).ToList();
        var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var resolve = manager.GetType().GetMethod("ResolveDependencies")!;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        object result;
        try
        {
            result = resolve.Invoke(manager, [baseDirectory, "cell.csx", ".csx", directives, tfm,
                RuntimeInformation.RuntimeIdentifier, (int)RestoreLimit.TotalMilliseconds])!;
        }
        catch (TargetInvocationException e) { return (false, [], $"the NuGet restore failed: {e.InnerException?.Message}"); }
        T Get<T>(string name) => (T)result.GetType().GetProperty(name)!.GetValue(result)!;
        var package = lines[^1];
        if (!Get<bool>("Success"))
        {
            var said = Get<string[]>("StdOut").Concat(Get<string[]>("StdError"))
                .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
                .Select(l => ProjectPrefix().Replace(l, "").Trim()).Distinct().Take(5).ToList();
            var where = sources.Count == 0 ? "the configured NuGet sources (NuGet.Config)" : $"{string.Join(", ", sources)} and the configured NuGet sources";
            var why = said.Count > 0 ? string.Join("; ", said)
                : clock.Elapsed >= RestoreLimit ? $"the restore took longer than {RestoreLimit.TotalSeconds:F0} s" : "the restore failed without a message";
            return (false, [], $"#r \"nuget: {package}\": cannot restore the package from {where}: {why}. " +
                "Check the name and version; offline, add a folder of .nupkg files with #i \"nuget: FOLDER\".");
        }
        lock (roots) roots.AddRange(Get<IEnumerable<string>>("Roots"));
        HookNativeLibraries();
        return (true, [.. Get<IEnumerable<string>>("Resolutions").Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))], "");
    }

    // "/home/u/.packagemanagement/nuget/Projects/123--guid/Project.fsproj : error NU1101: ..." -> "error NU1101: ..."
    [GeneratedRegex(@"^.*?Project\.fsproj\s*:\s*")]
    private static partial Regex ProjectPrefix();

    // Loaded by reflection, only when a cell asks for a package: the C# kernel and REPL otherwise never load F# code.
    static object NewManager()
    {
        var assembly = Assembly.Load("FSharp.DependencyManager.Nuget");
        var type = assembly.GetType("FSharp.DependencyManager.Nuget.FSharpDependencyManager", throwOnError: true)!;
        var none = typeof(Microsoft.FSharp.Core.FSharpOption<string>).GetProperty("None")!.GetValue(null);
        return Activator.CreateInstance(type, none, true)!;
    }

    // A package's native libraries (runtimes/RID/native) are found when its assemblies ask for them by name.
    void HookNativeLibraries()
    {
        if (nativeHooked) return;
        nativeHooked = true;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, name) =>
        {
            string[] folders;
            lock (roots) folders = [.. roots.Select(r => Path.Combine(r, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"))];
            foreach (var folder in folders.Where(Directory.Exists))
                foreach (var file in new[] { name, $"lib{name}.so", $"lib{name}.dylib", $"{name}.dll" })
                    if (File.Exists(Path.Combine(folder, file)) && NativeLibrary.TryLoad(Path.Combine(folder, file), out var handle))
                        return handle;
            return 0;
        };
    }
}

/// <summary>Roslyn's #r: <c>nuget:</c> references go to the session's packages, every other one to Roslyn's resolver.</summary>
internal sealed class PackageReferenceResolver(PackageReferences packages, MetadataReferenceResolver files, string baseDirectory)
    : MetadataReferenceResolver
{
    PackageReferences Packages => packages;
    MetadataReferenceResolver Files => files;
    string BaseDirectory => baseDirectory;

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
        => reference.TrimStart().StartsWith("nuget:", StringComparison.OrdinalIgnoreCase)
            ? packages.Resolve(reference, baseFilePath is null ? baseDirectory : Path.GetDirectoryName(baseFilePath) ?? baseDirectory)
            : files.ResolveReference(reference, baseFilePath, properties);

    public override bool ResolveMissingAssemblies => files.ResolveMissingAssemblies;

    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity)
        => files.ResolveMissingAssembly(definition, referenceIdentity);

    public override bool Equals(object? other)
        => other is PackageReferenceResolver r && ReferenceEquals(r.Packages, packages) && r.Files.Equals(files) && r.BaseDirectory == baseDirectory;

    public override int GetHashCode() => HashCode.Combine(packages, files, baseDirectory);
}
