// Median-of-N timing with warm-up, so tiered JIT and caches are warm before anything is measured.
using System.Diagnostics;

namespace Mnist.Scripting.Bench;

static class Timing
{
    public static double MedianSeconds(Action run, int repeats = 5, int warmup = 1)
    {
        for (int i = 0; i < warmup; i++) run();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            run();
            times[i] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }
}
