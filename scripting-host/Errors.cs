// How compile errors and exceptions are shown: `file.csx(line,col): error CSxxxx: message`, and an exception's message
// with the script's own `file.csx:line` frames instead of a wall of Roslyn frames.
using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Mnist.Scripting.Host;

internal static class Errors
{
    /// <summary>MNIST_SCRIPTING_TRACE=1 prints full .NET stack traces too.</summary>
    static bool FullTraces => Environment.GetEnvironmentVariable("MNIST_SCRIPTING_TRACE") is "1" or "true";

    /// <summary>One diagnostic as `path(line,col): error ID: message`; cells without a file are called "(cell)".</summary>
    public static string Format(Diagnostic d)
    {
        var severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning";
        if (!d.Location.IsInSource) return $"{severity} {d.Id}: {d.GetMessage()}";
        var span = d.Location.GetMappedLineSpan();
        var path = string.IsNullOrEmpty(span.Path) ? "(cell)" : Display(span.Path);
        return $"{path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {severity} {d.Id}: {d.GetMessage()}";
    }

    /// <summary>A path relative to the working folder when it lies below it.</summary>
    public static string Display(string path)
    {
        if (!Path.IsPathRooted(path)) return path;
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    /// <summary>The exception that matters: reflection and task wrappers removed.</summary>
    public static Exception Unwrap(Exception e)
    {
        while (true)
        {
            if (e is TargetInvocationException { InnerException: { } inner }) e = inner;
            else if (e is AggregateException { InnerExceptions.Count: 1 } agg) e = agg.InnerExceptions[0];
            else return e;
        }
    }

    /// <summary>`Type: message` then one `   at file.csx:line` per script frame (innermost first), inner exceptions after.</summary>
    public static string Format(Exception exception)
    {
        var e = Unwrap(exception);
        var lines = new List<string> { $"{e.GetType().Name}: {e.Message}" };
        lines.AddRange(ScriptFrames(e));
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            lines.Add($" ---> {inner.GetType().Name}: {inner.Message}");
        if (FullTraces) lines.Add(e.ToString());
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Frames in script code: those with a .csx file, or in Roslyn's submission assemblies (cells).</summary>
    public static IEnumerable<string> ScriptFrames(Exception e)
    {
        foreach (var frame in new StackTrace(e, true).GetFrames())
        {
            var file = frame.GetFileName();
            var line = frame.GetFileLineNumber();
            if (!string.IsNullOrEmpty(file) && file.EndsWith(".csx", StringComparison.OrdinalIgnoreCase))
                yield return $"   at {Display(file)}:{line}";
            else if (IsSubmission(frame.GetMethod()) && line > 0)
                yield return $"   at (cell):{line}";
        }
    }

    static bool IsSubmission(MethodBase? method)
        => method?.DeclaringType?.Assembly.GetName().Name?.StartsWith('ℛ') == true;
}
