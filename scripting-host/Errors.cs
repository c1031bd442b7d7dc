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
        // A #r "nuget: ..." that could not be restored says why, instead of "metadata file not found".
        var message = PackageReferences.Explain(d) ?? d.GetMessage();
        if (!d.Location.IsInSource) return $"{severity} {d.Id}: {message}";
        var span = d.Location.GetMappedLineSpan();
        var path = string.IsNullOrEmpty(span.Path) ? "(cell)" : Display(span.Path);
        return $"{path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {severity} {d.Id}: {message}";
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
        var lines = new List<string> { Headline(e) };
        lines.AddRange(ScriptFrames(e));
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            lines.Add($" ---> {inner.GetType().Name}: {Message(inner)}");
        if (FullTraces) lines.Add(e.ToString());
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>`Type: message` alone.</summary>
    public static string Headline(Exception exception)
    {
        var e = Unwrap(exception);
        return $"{e.GetType().Name}: {Message(e)}";
    }

    /// <summary>The message, even from an exception type whose Message getter throws (it would hide the error).</summary>
    static string Message(Exception e)
    {
        try { return e.Message; }
        catch (Exception failure) { return $"(its Message threw {failure.GetType().Name}: {failure.Message})"; }
    }

    /// <summary>Frames in script code: those with a .csx file, or in Roslyn's or F# Interactive's assemblies (cells); deep
    /// recursion is collapsed as Python does it.</summary>
    public static IEnumerable<string> ScriptFrames(Exception e) => Bound(Collapse(Frames(e)));

    static IEnumerable<string> Frames(Exception e)
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

    /// <summary>Python's rule: a line repeated shows three times, then `[Previous line repeated N more times]`, so a
    /// recursion 1000 deep prints four lines, not a thousand. Lines, not methods, are compared: the frames do not name
    /// their method, and two methods recursing into each other on one line would otherwise print identical lines.</summary>
    internal static IEnumerable<string> Collapse(IEnumerable<string> frames)
    {
        const int Shown = 3;
        string? previous = null;
        int run = 0;
        foreach (var frame in frames)
        {
            if (frame == previous) run++;
            else
            {
                if (run > Shown) yield return Repeated(run - Shown);
                previous = frame;
                run = 1;
            }
            if (run <= Shown) yield return frame;
        }
        if (run > Shown) yield return Repeated(run - Shown);
    }

    static string Repeated(int more) => $"   [Previous line repeated {more} more time{(more == 1 ? "" : "s")}]";

    /// <summary>Recursion through methods on several lines (A calls B calls A) repeats no single line; its trace is cut
    /// to the innermost and outermost frames instead.</summary>
    internal static IEnumerable<string> Bound(IEnumerable<string> lines)
    {
        const int Innermost = 30, Outermost = 10;
        var all = lines.ToList();
        if (all.Count <= Innermost + Outermost + 1) return all;
        return [.. all.Take(Innermost), $"   [... {all.Count - Innermost - Outermost} more frames ...]", .. all.TakeLast(Outermost)];
    }

    // Roslyn names its submissions ℛ*; F# Interactive its dynamic assemblies FSI-ASSEMBLY.
    static bool IsSubmission(MethodBase? method)
        => method?.DeclaringType?.Assembly.GetName().Name is { } name
           && (name.StartsWith('ℛ') || name.StartsWith("FSI-ASSEMBLY", StringComparison.Ordinal));
}
