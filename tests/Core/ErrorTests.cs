// Every error message the chapter can meet, in PyTorch's words, naming the op and the shapes.
namespace Mnist.Scripting.Tests.Core;

[Parallelizable]
public class ErrorTests
{
    static string Message(Action d) => Assert.Catch(() => d())!.Message;

    [Test]
    public void BroadcastMismatch() =>
        Assert.That(Message(() => _ = Tensor.Ones(2, 3) + Tensor.Ones(2, 4)),
            Is.EqualTo("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"));

    [Test]
    public void MatMulMismatch() =>
        Assert.That(Message(() => Tensor.Ones(6131, 784).MatMul(Tensor.Ones(10, 1))),
            Is.EqualTo("mat1 and mat2 shapes cannot be multiplied (6131x784 and 10x1)"));

    [Test]
    public void BatchedMatMulMismatchNamesBothShapes() =>
        Assert.That(Message(() => Tensor.Ones(3, 2, 4).MatMul(Tensor.Ones(3, 5, 2))),
            Does.Contain("[3, 2, 4]").And.Contain("[3, 5, 2]").And.Contain("4 != 5"));

    [Test]
    public void BackwardOnNonScalar() =>
        Assert.That(Message(() => (Tensor.Ones(64, 1).RequiresGrad() * 2).Backward()),
            Does.StartWith("grad can be implicitly created only for scalar outputs").And.Contain("[64, 1]"));

    [Test]
    public void BackwardWithoutGrad() =>
        Assert.That(Message(() => Tensor.Ones(1).Sum().Backward()), Does.Contain("does not require grad"));

    [Test]
    public void IndexOutOfRange()
    {
        Assert.That(Message(() => _ = Tensor.Ones(3, 4)[5]), Is.EqualTo("index 5 is out of bounds for dimension 0 with size 3"));
        Assert.That(Message(() => _ = Tensor.Ones(3, 4)[0, -7]), Is.EqualTo("index -7 is out of bounds for dimension 0 with size 4"));
        Assert.That(Message(() => _ = Tensor.Ones(3)[0, 0]), Is.EqualTo("too many indices for tensor of dimension 1"));
        Assert.That(Message(() => Tensor.Ones(3).Sum(2)), Is.EqualTo("Dimension out of range (expected to be in range of [-1, 0], but got 2)"));
        Assert.That(Message(() => _ = Tensor.Ones(3)[Tensor.Of(3)]), Is.EqualTo("index 3 is out of bounds for dimension 0 with size 3"));
    }

    [Test]
    public void ViewAndReshapeSizes()
    {
        Assert.That(Message(() => Tensor.Ones(12396, 28, 28).View(-1, 785)), Is.EqualTo("shape '[-1, 785]' is invalid for input of size 9718464"));
        Assert.That(Message(() => Tensor.Ones(4).Reshape(-1, -1)), Is.EqualTo("only one dimension can be inferred"));
    }

    [Test]
    public void InPlaceOnLeafNeedingGrad() =>
        Assert.That(Message(() => { var w = Tensor.Ones(3).RequiresGrad(); w -= 1.0; }),
            Does.Contain("a leaf Variable that requires grad is being used in an in-place operation"));

    [Test]
    public void IntegerTensorsCannotRequireGrad() =>
        Assert.That(Message(() => Tensor.Of(1, 2).RequiresGrad()), Does.Contain("only Tensors of floating point dtype can require gradients"));

    [Test]
    public void MeanOfIntegers() =>
        Assert.That(Message(() => Tensor.Of(1, 2).Mean()), Does.StartWith("mean(): could not infer output dtype").And.Contain("Got: Long"));

    [Test]
    public void ItemOfManyElements() =>
        Assert.That(Message(() => Tensor.Ones(3).Item()), Is.EqualTo("a Tensor with 3 elements cannot be converted to Scalar"));

    [Test]
    public void StackOfUnequalShapes() =>
        Assert.That(Message(() => Tensor.Stack([Tensor.Ones(28, 28), Tensor.Ones(28, 27)])),
            Is.EqualTo("stack expects each tensor to be equal size, but got [28, 28] at entry 0 and [28, 27] at entry 1"));

    [Test]
    public void IntegerToNegativePower() =>
        Assert.That(Message(() => Tensor.Of(1, 2).Sub(Tensor.Of(1, 2)).Pow(-1)), Does.Contain("negative integer powers"));

    [Test]
    public void FloatResultIntoIntegerTensor() =>
        Assert.That(Message(() => { var t = Tensor.Of(1, 2); t *= 1.5; }), Does.Contain("result type torch.float32 can't be cast to the desired output type torch.int64"));

    [Test]
    public void CudaUnavailableIsClear()
    {
        if (Device.CudaAvailable) Assert.Ignore("a GPU is present; this test covers machines without one");
        Assert.That(Message(() => Tensor.Ones(2).To(Device.Cuda)), Does.StartWith("CUDA unavailable:"));
    }
}
