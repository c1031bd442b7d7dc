// Sequential without a graph gives its intermediates back for reuse as soon as the next layer has run; what the
// caller or a user layer can reach is never recycled.
using Mnist.Scripting.Backends.Cpu;
using Mnist.Scripting.NN;

namespace Mnist.Scripting.Tests.Training;

[NonParallelizable]
public class SequentialRecyclingTests
{
    static Sequential Cnn(Generator g) => new(
        new Conv2d(1, 8, 3, padding: 1, generator: g), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(8 * 16 * 16, 10, generator: g));

    [Test]
    public void WithoutAGraphIntermediatesAreRecycledAndTheResultIsUnchanged()
    {
        var g = new Generator(2);
        var model = Cnn(g);
        var x = Tensor.Randn([16, 1, 32, 32], g);
        var expected = model.Forward(x).ToArray<float>();   // recording: nothing is recycled
        ScratchPool.Clear();
        Tensor y;
        using (Tensor.NoGrad()) y = model.Forward(x);
        Assert.That(y.ToArray<float>(), Is.EqualTo(expected));
        // The conv output and the ReLU output ([16, 8, 32, 32] floats, 512 KB each) went back; the pooled output is
        // read by Linear through Flatten's view and recycled after it (128 KB); the columns (576 KB) too.
        Assert.That(ScratchPool.HeldBytes, Is.EqualTo((2 * 16 * 8 * 32 * 32 + 16 * 8 * 16 * 16 + 9 * 16 * 32 * 32) * sizeof(float)));
        Assert.That(x.ToArray<float>().Length, Is.EqualTo(16 * 32 * 32), "the caller's input is never recycled");
        using (Tensor.NoGrad()) Assert.That(model.Forward(x).ToArray<float>(), Is.EqualTo(expected), "a second pass on recycled memory");
    }

    [Test]
    public void WhatAUserLayerSeesIsNotRecycled()
    {
        var g = new Generator(4);
        Tensor? seen = null;
        var model = new Sequential(new Linear(300, 200, generator: g), new Lambda(t => seen = t), new ReLU(), new Linear(200, 100, generator: g), new Sigmoid());
        var x = Tensor.Randn([100, 300], g);
        Tensor expected;
        using (Tensor.NoGrad()) expected = model[0].Forward(x);
        using (Tensor.NoGrad()) model.Forward(x);
        Assert.That(seen!.ToArray<float>(), Is.EqualTo(expected.ToArray<float>()), "the Lambda's input (made by Linear) stays readable and unchanged");
    }

    [Test]
    public void ACallersArrayIsNeverPooled()
    {
        var data = Enumerable.Range(0, 100 * 100).Select(i => (float)i).ToArray();
        var t = Tensor.FromArray(data, 100, 100);   // shares the caller's array
        ScratchPool.Clear();
        t.Recycle();
        Assert.That(ScratchPool.HeldBytes, Is.Zero);
        Assert.That(t.ToArray<float>(), Is.EqualTo(data), "the tensor still reads the caller's array");
    }

    [Test]
    public void AFlattenOfTheInputDoesNotRecycleTheInput()
    {
        var g = new Generator(6);
        var model = new Sequential(new Flatten(), new Linear(28 * 28, 100, generator: g), new ReLU());
        var x = Tensor.Randn([64, 28, 28], g);
        var before = x.ToArray<float>();
        using (Tensor.NoGrad()) model.Forward(x);
        Assert.That(x.ToArray<float>(), Is.EqualTo(before));
    }
}
