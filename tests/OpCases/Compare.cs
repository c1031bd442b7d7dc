// Element-by-element comparison with tolerance atol + rtol·|ref|, reporting the max difference and the first mismatches.
using System.Text;

namespace Mnist.Scripting.OpCases;

public static class Compare
{
    public sealed record Result(bool Ok, double MaxDiff, int Mismatches, string Report);

    public static Result Close(double[] reference, double[] actual, double atol, double rtol, string what, int show = 5)
    {
        if (reference.Length != actual.Length)
            return new Result(false, double.PositiveInfinity, reference.Length, $"{what}: {actual.Length} elements, expected {reference.Length}");
        double max = 0;
        int bad = 0;
        var sb = new StringBuilder();
        for (int i = 0; i < reference.Length; i++)
        {
            double r = reference[i], a = actual[i];
            bool same = (double.IsNaN(r) && double.IsNaN(a)) || r == a;
            double d = same ? 0 : Math.Abs(r - a);
            if (!double.IsNaN(d)) max = Math.Max(max, d);
            if (!same && !(d <= atol + rtol * Math.Abs(r)))
            {
                if (bad++ < show) sb.Append($"\n  [{i}] ref {r:G9} got {a:G9} (diff {d:E2})");
            }
        }
        return new Result(bad == 0, max, bad, $"{what}: max diff {max:E2}, {bad} mismatches{sb}");
    }
}
