// The traits beside the primitive ids agree with the CPU backend: each unary op runs on exactly the dtypes they allow.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Tests.Core;

[Parallelizable]
public class OpTraitsTests
{
    [Test]
    public void CpuUnaryKernelsMatchTheFloatOnlyTrait([Values] UnaryOp op, [Values] DType dtype)
    {
        var cpu = Backend.Cpu;
        var x = new View(cpu.Allocate(dtype, 3), [3], [1], 0);
        var dst = new View(cpu.Allocate(dtype, 3), [3], [1], 0);
        cpu.Fill(x, 1);
        if (op.IsFloatOnly() && !dtype.IsFloatingPoint())
            Assert.That(() => cpu.Unary(op, x, dst), Throws.TypeOf<NotSupportedException>().With.Message.Contains("needs a floating-point input"));
        else
            Assert.That(() => cpu.Unary(op, x, dst), Throws.Nothing);
    }

    [Test]
    public void FloatOnlyOpsPromoteIntegerInputs()
    {
        var i = Tensor.Of(1, 4);
        Assert.That(new[] { i.Sqrt(), i.Exp(), i.Log(), i.Sigmoid(), i.Tanh() }.Select(t => t.DType), Is.All.EqualTo(DType.Float32));
        Assert.That(new[] { i.Neg(), i.Abs(), i.Relu(), i.Sign() }.Select(t => t.DType), Is.All.EqualTo(DType.Int64));
    }
}
