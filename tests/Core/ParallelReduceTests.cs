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

    [TestCase(300000, 3)]
    [TestCase(150000, 5)]
    [TestCase(70000, 2)]
    public void ANarrowInnermostDimIsNotSplitIntoOneWideChunks(int rows, int cols)
    {
        // Split along the 3 kept columns, a 1-wide chunk would be walked as a strided row of the reduced dim instead.
        var x = Tensor.Randn([rows, cols], new Generator(rows)) * 100.0;
        int before = Backend.NumThreads;
        try
        {
            Backend.SetNumThreads(1);
            var one = x.Sum(0).ToArray<float>();
            foreach (int t in new[] { 2, 3, 4 })
            {
                Backend.SetNumThreads(t);
                Assert.That(x.Sum(0).ToArray<float>(), Is.EqualTo(one), $"{t} threads");
            }
        }
        finally { Backend.SetNumThreads(before); }
    }
}
