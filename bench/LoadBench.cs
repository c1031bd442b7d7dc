// Loading all 14,434 MNIST_SAMPLE PNGs into float tensors (/255), decoding and from the stacked-folder cache.
using Mnist.Scripting.Data;

namespace Mnist.Scripting.Bench;

static class LoadBench
{
    public static void Run(int repeats)
    {
        var path = Datasets.UntarData(Urls.MnistSample);
        Report("load pngs (decode)", () => Load(path, cache: false), repeats);
        Report("load pngs (cached)", () => Load(path, cache: true), repeats);
    }

    static void Report(string name, Action run, int repeats) =>
        Console.WriteLine($"{name}: {Timing.MedianSeconds(run, repeats) * 1000:F1} ms");

    static void Load(DataPath path, bool cache)
    {
        int n = 0;
        foreach (var split in new[] { "train", "valid" })
            foreach (var digit in new[] { "3", "7" })
                n += (Images.LoadFolder(path / split / digit, useCache: cache).Float() / 255).Size(0);
        if (n != 14434) throw new InvalidOperationException($"loaded {n} images, expected 14434");
    }
}
