// `#r "nuget: ..."` and `#i "nuget: SOURCE"` in C# cells and .csx scripts (and, F# Interactive's own, in F# cells): a
// package built here into a folder feed is restored and used, a missing one fails with NuGet's reason and the sources,
// line numbers survive the #i lines, and a package from the configured NuGet source works in a script.
using System.IO.Compression;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Mnist.Scripting.Tests.Host;

[NonParallelizable]
public class PackageReferenceTests
{
    string work = "", feed = "", id = "", version = "";
    Dictionary<string, string> environment = [];

    [OneTimeSetUp]
    public void BuildFeed()
    {
        work = Directory.CreateTempSubdirectory("nuget-feed").FullName;
        feed = Path.Combine(work, "feed");
        Directory.CreateDirectory(feed);
        // A version of its own each run, and a packages folder of its own: nothing stale from another run is found.
        id = "MnistScriptingTestPackage";
        // The patch starts with 1: NuGet drops leading zeros ("1.0.001646" is 1.0.1646), so before 10:00 UTC a bare
        // HHmmss patch named a folder the checks below did not look for.
        version = $"1.0.1{DateTime.UtcNow:HHmmss}-t{Guid.NewGuid():N}"[..24];
        WritePackage(Path.Combine(feed, $"{id}.{version}.nupkg"), id, version);
        environment = new() { ["NUGET_PACKAGES"] = Path.Combine(work, "packages") };
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(work, recursive: true);

    /// <summary>A one-class library (Greeter.Hello) compiled by Roslyn and zipped as a .nupkg (nuspec + lib/net8.0).</summary>
    static void WritePackage(string path, string id, string version)
    {
        var source = $"namespace {id} {{ public static class Greeter {{ public static string Hello(string who) => \"Hello, \" + who + \" from {version}\"; }} }}";
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(id, [CSharpSyntaxTree.ParseText(source)], platform,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var dll = new MemoryStream();
        var emitted = compilation.Emit(dll);
        Assert.That(emitted.Success, Is.True, string.Join("\n", emitted.Diagnostics));
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var w = new StreamWriter(zip.CreateEntry($"{id}.nuspec").Open()))
            w.Write($"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata><id>{id}</id><version>{version}</version><authors>tests</authors><description>A test package.</description></metadata>
                </package>
                """);
        using (var s = zip.CreateEntry($"lib/net8.0/{id}.dll").Open()) s.Write(dll.ToArray());
    }

    string Directives(string package, string? source = null) => $"#i \"nuget: {source ?? feed}\"\n#r \"nuget: {package}, {version}\"\n";

    [Test]
    public void CSharpCellRestoresAPackageFromAFolderFeed()
    {
        using var kernel = new KernelClient(environment: environment);
        Assert.That(kernel.Result(Directives(id) + $"{id}.Greeter.Hello(\"a cell\")"), Is.EqualTo($"\"Hello, a cell from {version}\""));
        Assert.That(kernel.Result($"{id}.Greeter.Hello(\"the next cell\")"), Does.Contain("Hello, the next cell"));
        Assert.That(Directory.Exists(Path.Combine(work, "packages", id.ToLowerInvariant(), version)), Is.True,
            "restored into the NuGet packages folder (NUGET_PACKAGES)");
    }

    [Test]
    public void FSharpCellRestoresTheSamePackage()
    {
        using var kernel = new KernelClient(fsharp: true, environment: environment);
        Assert.That(kernel.Result(Directives(id) + $"{id}.Greeter.Hello \"F#\""), Does.Contain($"Hello, F# from {version}"));
    }

    [Test]
    public void AMissingPackageSaysWhyAndWhereItLooked()
    {
        using var kernel = new KernelClient(environment: environment);
        var (reply, _) = kernel.Execute(Directives(id + ".Missing") + "1");
        Assert.That(reply.Content["status"]!.GetValue<string>(), Is.EqualTo("error"));
        var message = reply.Content["evalue"]!.GetValue<string>();
        Assert.That(message, Does.StartWith("(cell)(2,1): error").And.Contains($"{id}.Missing").And.Contains("NU1101").And.Contains(feed));
        Assert.That(kernel.Result("1 + 1"), Is.EqualTo("2"), "the session goes on");
    }

    [Test]
    public void ScriptRestoresAPackageAndKeepsItsLineNumbers()
    {
        var script = Path.Combine(work, "greet.csx");
        // A relative #i folder is relative to the script (the runner's working folder is the repository here).
        File.WriteAllText(script, Directives(id, source: "feed") + $"Console.WriteLine({id}.Greeter.Hello(\"a script\"));\n");
        var (code, output, _) = Run(script);
        Assert.That(output, Does.Contain("Hello, a script"));
        Assert.That(code, Is.Zero, output);

        File.WriteAllText(script, Directives(id) + "Console.WriteLine(undefinedName);\n");
        (code, output, _) = Run(script);
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("greet.csx(3,19): error CS0103"), "the #i line is blanked, not removed");
    }

    [Test]
    public void ScriptRestoresAPackageFromTheConfiguredSource()
    {
        var script = Path.Combine(work, "humanize.csx");
        File.WriteAllText(script, "#r \"nuget: Humanizer.Core, 2.14.1\"\nusing Humanizer;\nConsole.WriteLine(\"package_from_nuget_org\".Humanize());\n");
        var (code, output, _) = ChildProcess.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "mnist-scripting.dll"), "run", script], TimeSpan.FromMinutes(4));
        Assert.That(output, Does.Contain("package from nuget org").IgnoreCase);
        Assert.That(code, Is.Zero, output);
    }

    (int Code, string Output, bool TimedOut) Run(string script)
        => ChildProcess.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "mnist-scripting.dll"), "run", script], TimeSpan.FromMinutes(4), environment);
}
