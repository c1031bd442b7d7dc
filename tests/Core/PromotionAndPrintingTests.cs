// PyTorch's type promotion for mixed operands, and printing of every dtype and size.
namespace Mnist.Scripting.Tests.Core;

[Parallelizable]
public class PromotionAndPrintingTests
{
    [Test]
    public void PromotionRules()
    {
        var l = Tensor.Of(1, 2);
        var f = Tensor.Of(1.0, 2.0);
        var u8 = Tensor.FromArray(new byte[] { 1, 2 });
        Assert.That((l * 1.5).DType, Is.EqualTo(DType.Float32));
        Assert.That((l + 1).DType, Is.EqualTo(DType.Int64));
        Assert.That((u8 + 1).DType, Is.EqualTo(DType.UInt8));
        Assert.That((u8 + l).DType, Is.EqualTo(DType.Int64));
        Assert.That((u8 / 255).DType, Is.EqualTo(DType.Float32));
        Assert.That((f + l).DType, Is.EqualTo(DType.Float32));
        Assert.That((f.Double() + f).DType, Is.EqualTo(DType.Float64));
        Assert.That((f + Tensor.Of(1.0).Double()).DType, Is.EqualTo(DType.Float32), "a zero-dim float64 does not promote a float32 tensor");
        Assert.That((l + Tensor.Of(1.0).Double()).DType, Is.EqualTo(DType.Float64), "but it lifts an integer tensor to its own type");
        Assert.That((f > 1).Float().DType, Is.EqualTo(DType.Float32));
        Assert.That(Tensor.Where(f > 1, l, f).DType, Is.EqualTo(DType.Float32));
    }

    [Test]
    public void PrintsEveryDtype()
    {
        Assert.That(Tensor.FromArray(new byte[] { 0, 29, 255 }).ToString(), Is.EqualTo("tensor([  0,  29, 255], dtype=torch.uint8)"));
        Assert.That(Tensor.Of(true).ToString(), Is.EqualTo("tensor(True)"));
        Assert.That(Tensor.Of(1.0).ToString(), Is.EqualTo("tensor(1.)"));
        Assert.That(Tensor.Of(0.5).Double().ToString(), Is.EqualTo("tensor(0.5000, dtype=torch.float64)"));
        Assert.That(Tensor.Of(-1, 10).ToString(), Is.EqualTo("tensor([-1, 10])"));
        Assert.That(Tensor.Zeros(0, 3).ToString(), Is.EqualTo("tensor([], size=(0, 3))"));
        Assert.That(Tensor.Zeros(3).ToString(), Is.EqualTo("tensor([0., 0., 0.])"));
    }

    [Test]
    public void PrintsScientificAndSpecialValues()
    {
        Assert.That(Tensor.Of(1e-5, 1.0).ToString(), Is.EqualTo("tensor([1.0000e-05, 1.0000e+00])"));
        Assert.That(Tensor.Of(float.NaN, float.PositiveInfinity, 1.5f).ToString(), Is.EqualTo("tensor([   nan,    inf, 1.5000])"));
        Assert.That(Tensor.Of(25823.8086).RequiresGrad().Mean().ToString(), Is.EqualTo("tensor(25823.8086, grad_fn=<MeanBackward0>)"));
        Assert.That(Tensor.Of(0.4912068545818329).ToString(), Is.EqualTo("tensor(0.4912)"));
    }

    [Test]
    public void PrintsLargeTensorsWithElision()
    {
        var t = Tensor.Arange(0, 1010).Float() / 1000 + 1;
        Assert.That(t.ToString(), Is.EqualTo("tensor([1.0000, 1.0010, 1.0020,  ..., 2.0070, 2.0080, 2.0090])"));
        // Only the printed edge items decide the mode: 1.009 / 0.001 > 1000 switches to scientific, and 6 fit a line.
        Assert.That((t - 1).ToString(), Is.EqualTo("tensor([0.0000e+00, 1.0000e-03, 2.0000e-03,  ..., 1.0070e+00, 1.0080e+00,\n        1.0090e+00])"));
        var m = Tensor.Arange(0, 2000).View(1000, 2);
        Assert.That(m.ToString(), Is.EqualTo("tensor([[   0,    1],\n        [   2,    3],\n        [   4,    5],\n        ...,\n        [1994, 1995],\n        [1996, 1997],\n        [1998, 1999]])"));
    }

    [Test]
    public void PrintsSizesAndColumns()
    {
        Assert.That(Tensor.Zeros(6131, 28, 28).Shape.ToString(), Is.EqualTo("torch.Size([6131, 28, 28])"));
        var col = Tensor.Of(new[,] { { 20.2336 }, { 28.6816 } });
        Assert.That(col.ToString(), Is.EqualTo("tensor([[20.2336],\n        [28.6816]])"));
        Assert.That(Tensor.Of(true, true, false).ToString(), Is.EqualTo("tensor([ True,  True, False])"));
    }
}
