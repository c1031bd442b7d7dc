// Large sums, maxima and minima split across threads along a kept dim give bit for bit the one-thread results.
using Mnist.Scripting.Backends;

namespace Mnist.Scripting.Tests.Core;

[NonParallelizable]
public class ParallelReduceTests
{
    static readonly Func<Tensor, Tensor>[] Reductions =
    [
        t => t.Sum(0), t => t.Sum(1), t => t.Mean(-1, -2), t => t.Sum(0, 2), t => t.Amax(1), t => t.Amax(0), t => t.Min(),
        t => t.Transpose(0, 2).Sum(1), t => t[.., 3..].Sum(2), t => t.Sum(),
    ];

    [Test]
    public void TwoThreadsGiveTheOneThreadResultsExactly()
    {
        var x = Tensor.Randn([700, 28, 28], new Generator(9)) * 100.0;   // 548,800 elements: above the split threshold
        int before = Backend.NumThreads;
        try
        {
            for (int i = 0; i < Reductions.Length; i++)
            {
                Backend.SetNumThreads(1);
                var one = Reductions[i](x).ToArray<float>();
                Backend.SetNumThreads(2);
                var two = Reductions[i](x).ToArray<float>();
                Assert.That(two, Is.EqualTo(one), $"reduction {i}");
            }
        }
        finally { Backend.SetNumThreads(before); }
    }
}
