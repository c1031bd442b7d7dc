// The book's autograd toys, printing and broadcasting cells, checked character for character.
namespace Mnist.Scripting.Tests.Core;

[Parallelizable]
public class BookToysTests
{
    [Test]
    public void SquareOfThreeHasGradSix()
    {
        var xt = Tensor.Of(3.0).RequiresGrad();
        var y = xt.Pow(2);
        Assert.That(y.ToString(), Is.EqualTo("tensor(9., grad_fn=<PowBackward0>)"));
        y.Backward();
        Assert.That(xt.Grad!.ToString(), Is.EqualTo("tensor(6.)"));
    }

    [Test]
    public void VectorSumOfSquares()
    {
        var xt = Tensor.Of(3.0, 4.0, 10.0).RequiresGrad();
        Assert.That(xt.ToString(), Is.EqualTo("tensor([ 3.,  4., 10.], requires_grad=True)"));
        var y = xt.Pow(2).Sum();
        Assert.That(y.ToString(), Is.EqualTo("tensor(125., grad_fn=<SumBackward0>)"));
        y.Backward();
        Assert.That(xt.Grad!.ToString(), Is.EqualTo("tensor([ 6.,  8., 20.])"));
    }

    [Test]
    public void MnistLossWithWhere()
    {
        var trgts = Tensor.Of(1, 0, 1);
        var prds = Tensor.Of(0.9, 0.4, 0.2);
        var w = Tensor.Where(trgts.Eq(1L), 1 - prds, prds);
        Assert.That(w.ToString(), Is.EqualTo("tensor([0.1000, 0.4000, 0.8000])"));
        Assert.That(w.Mean().ToString(), Is.EqualTo("tensor(0.4333)"));
        var prds2 = Tensor.Of(0.9, 0.4, 0.8);
        Assert.That(Tensor.Where(trgts.Eq(1L), 1 - prds2, prds2).Mean().ToString(), Is.EqualTo("tensor(0.2333)"));
    }

    [Test]
    public void ArraysVersusTensors()
    {
        var tns = Tensor.Of(new[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.That(tns.ToString(), Is.EqualTo("tensor([[1, 2, 3],\n        [4, 5, 6]])"));
        Assert.That(tns[1].ToString(), Is.EqualTo("tensor([4, 5, 6])"));
        Assert.That(tns[.., 1].ToString(), Is.EqualTo("tensor([2, 5])"));
        Assert.That(tns[1, 1..3].ToString(), Is.EqualTo("tensor([5, 6])"));
        Assert.That((tns + 1).ToString(), Is.EqualTo("tensor([[2, 3, 4],\n        [5, 6, 7]])"));
        Assert.That(tns.Type(), Is.EqualTo("torch.LongTensor"));
        Assert.That((tns * 1.5).ToString(), Is.EqualTo("tensor([[1.5000, 3.0000, 4.5000],\n        [6.0000, 7.5000, 9.0000]])"));
    }

    [Test]
    public void Broadcasting()
    {
        Assert.That((Tensor.Of(1, 2, 3) + Tensor.Of(1)).ToString(), Is.EqualTo("tensor([2, 3, 4])"));
        var a = Tensor.Rand(1010, 28, 28);
        var m = Tensor.Rand(28, 28);
        Assert.That((a - m).Shape.ToString(), Is.EqualTo("torch.Size([1010, 28, 28])"));
        Assert.That((a - m).Abs().Mean(-1, -2).Shape.ToString(), Is.EqualTo("torch.Size([1010])"));
    }

    [Test]
    public void RollerCoasterGradientPrints()
    {
        var g = Tensor.Of(-53195.8594, -3419.7146, -253.8908);
        Assert.That(g.ToString(), Is.EqualTo("tensor([-53195.8594,  -3419.7146,   -253.8908])"));
        Assert.That((g * 1e-5).ToString(), Is.EqualTo("tensor([-0.5320, -0.0342, -0.0025])"));
        Assert.That(Tensor.Arange(0, 20).Float().ToString(),
            Is.EqualTo("tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n        14., 15., 16., 17., 18., 19.])"));
    }

    [Test]
    public void ElisionForLargeTensors()
    {
        var t = Tensor.Ones(1010).Bool();
        Assert.That(t.ToString(), Is.EqualTo("tensor([True, True, True,  ..., True, True, True])"));
    }
}
