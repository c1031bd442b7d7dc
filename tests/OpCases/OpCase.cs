// One op case: a name, the shapes of its inputs, how to draw them, and the function under test.
namespace Mnist.Scripting.OpCases;

/// <summary>Where inputs are drawn from, so finite differences stay away from kinks and poles.</summary>
public enum Domain
{
    /// <summary>Uniform in (-2, 2).</summary>
    Any,
    /// <summary>Uniform in (0.5, 2): log, sqrt, divisors, pow bases.</summary>
    Positive,
    /// <summary>|x| in (0.1, 2) with random sign: abs, relu, clamp.</summary>
    AwayFromZero,
}

/// <summary>An op under test: <see cref="Fn"/> maps fresh inputs of <see cref="Shapes"/> to one output.</summary>
public sealed record OpCase(string Name, int[][] Shapes, Func<Tensor[], Tensor> Fn, Domain Domain = Domain.Any)
{
    public override string ToString() => Name;

    /// <summary>Random inputs of the case's shapes, as float64 arrays (shared with the tensors made from them).</summary>
    public double[][] DrawInputs(Generator g) => Shapes.Select(s =>
    {
        var data = new double[s.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < data.Length; i++)
        {
            double u = g.NextDouble();
            data[i] = Domain switch
            {
                Domain.Positive => 0.5 + 1.5 * u,
                Domain.AwayFromZero => (0.1 + 1.9 * u) * (g.NextDouble() < 0.5 ? -1 : 1),
                _ => 4 * u - 2,
            };
        }
        return data;
    }).ToArray();
}
