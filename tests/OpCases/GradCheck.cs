// Float64 finite-difference gradient check: analytic gradients of sum(f(x)·w) against central differences.
namespace Mnist.Scripting.OpCases;

public static class GradCheck
{
    /// <summary>Result of one check: the largest error and where it was, and whether it is within tolerance.</summary>
    public sealed record Outcome(bool Ok, double MaxError, string Detail);

    public static Outcome Run(OpCase c, long seed = 0, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-4)
    {
        var g = new Generator(seed);
        var data = c.DrawInputs(g);
        var inputs = data.Select((d, i) => Tensor.FromArray(d, c.Shapes[i]).RequiresGrad()).ToArray();
        var output = c.Fn(inputs);
        if (output.DType != DType.Float64)
            return new Outcome(false, double.NaN, $"{c.Name}: output dtype {output.DType.TorchName()}, expected float64");
        // Random output weights make every output element matter to the scalar being differentiated.
        var wData = new double[output.Numel];
        for (int i = 0; i < wData.Length; i++) wData[i] = g.NextDouble() - 0.5;
        var w = Tensor.FromArray(wData, output.Shape.ToArray());
        (output * w).Sum().Backward();

        double worst = 0;
        string detail = "";
        bool ok = true;
        for (int k = 0; k < inputs.Length; k++)
        {
            var analytic = inputs[k].Grad?.ToArray<double>() ?? new double[data[k].Length];
            if (inputs[k].Grad is { } gr && !gr.Shape.Equals(inputs[k].Shape))
                return new Outcome(false, double.NaN, $"{c.Name}: grad of input {k} has shape {gr.Shape}, input has {inputs[k].Shape}");
            for (int i = 0; i < data[k].Length; i++)
            {
                double orig = data[k][i];
                data[k][i] = orig + eps;
                double plus = Loss(c, inputs, w);
                data[k][i] = orig - eps;
                double minus = Loss(c, inputs, w);
                data[k][i] = orig;
                double numeric = (plus - minus) / (2 * eps);
                double err = Math.Abs(numeric - analytic[i]);
                if (err > worst) worst = err;
                if (err > atol + rtol * Math.Abs(numeric) && ok)
                {
                    ok = false;
                    detail = $"{c.Name}: input {k} element {i}: analytic {analytic[i]:G10}, numeric {numeric:G10}";
                }
            }
        }
        return new Outcome(ok, worst, ok ? $"{c.Name}: max error {worst:E2}" : detail);
    }

    static double Loss(OpCase c, Tensor[] inputs, Tensor w)
    {
        using var _ = Tensor.NoGrad();
        return (c.Fn(inputs.Select(t => t.Detach()).ToArray()) * w).Sum().Item();
    }
}
