// Times Images.LoadFolder over the four MNIST_SAMPLE folders into float tensors (/255), without and with the stacked-folder cache.
// Needs the data: set MNIST_SCRIPTING_MIRROR=../shared/data (or network). Compare with: /usr/bin/python3 bench/load_pngs.py <path>.
using System.Diagnostics;
using Mnist.Scripting;
using Mnist.Scripting.Data;

int runs = args.Length > 0 ? int.Parse(args[0]) : 5;
var path = Datasets.UntarData(Urls.MnistSample);
Console.WriteLine($"data: {path.FullName}  cores: {Environment.ProcessorCount}");

double Time(bool cache, bool toFloat = true)
{
    var sw = Stopwatch.StartNew();
    int n = 0;
    foreach (var split in new[] { "train", "valid" })
        foreach (var digit in new[] { "3", "7" })
        {
            var t = Images.LoadFolder(path / split / digit, useCache: cache);
            if (toFloat) t = t.Float() / 255;
            n += t.Size(0);
        }
    if (n != 14434) throw new InvalidOperationException($"loaded {n} images, expected 14434");
    return sw.Elapsed.TotalSeconds;
}

void Report(string name, bool cache, bool toFloat = true)
{
    Time(cache, toFloat); // warm-up: JIT, native library load, and (for the cached case) writing the cache entries
    var times = Enumerable.Range(0, runs).Select(_ => Time(cache, toFloat)).Order().ToArray();
    Console.WriteLine($"{name}: runs [{string.Join(", ", times.Select(t => t.ToString("F3")))}], median {times[times.Length / 2]:F3} s");
}

Report("ours, decode (no cache)", cache: false);
Report("ours, cached stack     ", cache: true);
Report("ours, cached, uint8 only", cache: true, toFloat: false);
