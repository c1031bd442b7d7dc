// MNIST_SCRIPTING_TIMING=1 prints where start-up and each cell spend their time (to stderr), for tuning start-up.
using System.Diagnostics;

namespace Mnist.Scripting.Host;

internal static class Timing
{
    static readonly bool enabled = Environment.GetEnvironmentVariable("MNIST_SCRIPTING_TIMING") is "1" or "true";
    static readonly Stopwatch sinceStart = Stopwatch.StartNew();

    /// <summary>Prints "[timing] what: N ms (since start M ms)" when enabled.</summary>
    public static void Mark(string what, Stopwatch? phase = null)
    {
        if (!enabled) return;
        var since = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        Console.Error.WriteLine($"[timing] {what}: {phase?.Elapsed.TotalMilliseconds ?? sinceStart.Elapsed.TotalMilliseconds:0} ms (process age {since:0} ms)");
        phase?.Restart();
    }
}
