// `mnist-scripting run FILE.csx [args...]`: compile (exit 1 with every error), run (exit 2 on an unhandled exception).
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;

namespace Mnist.Scripting.Host;

/// <summary>Runs one script file with the prelude.</summary>
public static class ScriptRunner
{
    /// <summary>Exit codes: 0 success, 1 compile error (or missing file), 2 unhandled exception.</summary>
    public static async Task<int> RunAsync(string path, IReadOnlyList<string> args, ScriptEnvironment env, TextWriter error)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            error.WriteLine($"mnist-scripting: script '{path}' not found (looked in {Path.GetDirectoryName(full)}).");
            return 1;
        }
        // A stream (not a string) so the source text carries an encoding, which debug information needs; #i "nuget:"
        // lines are taken out first (package sources).
        var text = env.Packages.TakeSources(await File.ReadAllTextAsync(full), Path.GetDirectoryName(full));
        await using var code = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        var script = CSharpScript.Create(code, env.ForFile(full), typeof(ScriptGlobals));
        var diagnostics = script.Compile();
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            foreach (var d in errors) error.WriteLine(Errors.Format(d));
            return 1;
        }
        try
        {
            var state = await script.RunAsync(new ScriptGlobals(args), _ => true);
            if (state.Exception is null) return 0;
            error.WriteLine("Unhandled exception. " + Errors.Format(state.Exception));
            return 2;
        }
        catch (Exception e)
        {
            error.WriteLine("Unhandled exception. " + Errors.Format(e));
            return 2;
        }
    }
}
