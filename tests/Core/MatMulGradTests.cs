// Linear's x @ Weight.T: matmul's backward computes the weight's gradient as (gᵀ·x) directly in the weight's layout;
// it must equal the hand-derived gᵀ·x, for a square and a non-square weight.
namespace Mnist.Scripting.Tests.Core;

public class MatMulGradTests
{
    [TestCase(3, 4)]
    [TestCase(4, 4)]
    public void TransposedWeightGradientEqualsGTransposeX(int outF, int inF)
    {
        Tensor.ManualSeed(3);
        var x = Tensor.Randn(5, inF);
        var w = Tensor.Randn(outF, inF).RequiresGrad();
        var g = Tensor.Randn(5, outF);
        (x.MatMul(w.T) * g).Sum().Backward();
        Assert.That(w.Grad!.Shape.ToArray(), Is.EqualTo(new[] { outF, inF }));
        var expected = g.T.MatMul(x).ToArray<float>();   // d/dW of sum((x·Wᵀ)∘g) = gᵀ·x
        Assert.That(w.Grad.ToArray<float>(), Is.EqualTo(expected).Within(1e-5));
    }
}
