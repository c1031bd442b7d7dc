// Runs a program as a child of the tests, in the repository folder: its exit code and output, and whether it overran.
using System.Diagnostics;

namespace Mnist.Scripting.Tests;

public static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="args"/> (and <paramref name="env"/> added to the environment,
    /// <paramref name="stdin"/> as its input), killing it after <paramref name="limit"/>; Output is stdout then stderr.
    /// </summary>
    public static (int Code, string Output, bool TimedOut) Run(string file, IEnumerable<string> args, TimeSpan limit,
        IReadOnlyDictionary<string, string>? env = null, string? stdin = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) info.Environment[k] = v;
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"{file} {string.Join(' ', args)} ran over {limit}: {stdout.Result}{stderr.Result}", true);
        }
        return (p.ExitCode, stdout.Result + stderr.Result, false);
    }
}
