// Runs the float64 finite-difference gradient check over every op case in the registry.
using Mnist.Scripting.OpCases;

namespace Mnist.Scripting.Tests.Core;

[Parallelizable]
public class GradCheckTests
{
    static IEnumerable<OpCase> Cases => OpRegistry.All;

    [TestCaseSource(nameof(Cases))]
    public void AnalyticGradientMatchesFiniteDifferences(OpCase c)
    {
        for (long seed = 1; seed <= 2; seed++)
        {
            var outcome = GradCheck.Run(c, seed);
            Assert.That(outcome.Ok, Is.True, outcome.Detail);
        }
    }

    [Test]
    public void CheckerCatchesAWrongGradient()
    {
        // A custom op whose backward is deliberately off by a factor of 2 must fail the check.
        var wrong = new OpCase("wrong", [[3]], x => BrokenSquare(x[0]));
        Assert.That(GradCheck.Run(wrong, 1).Ok, Is.False);
    }

    static Tensor BrokenSquare(Tensor x) => Tensor.Where(x.Gt(1e9), x, x * x.Detach());
}
