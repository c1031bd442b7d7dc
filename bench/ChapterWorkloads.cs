// The chapter's workloads written with the product's own data and training code, mirroring bench/torch_peer.py line
// for line: PNG loading, the pixel-similarity baseline, the linear model, simple_net, the big matmul, a full-MNIST MLP epoch,
// an epoch of step 12's CNN.
using Mnist.Scripting.Data;
using Mnist.Scripting.NN;
using Mnist.Scripting.Optim;
using Mnist.Scripting.Training;

namespace Mnist.Scripting.Bench;

sealed class ChapterWorkloads
{
    readonly DataPath sample;
    readonly Dictionary<string, Tensor> stacks;
    readonly DataLoader train, valid;
    readonly Tensor a, b;
    DataLoaders? full, cnn;

    public static readonly string[] Names = ["load", "baseline", "linear", "simple_net", "matmul", "mlp_epoch", "cnn_epoch"];

    public ChapterWorkloads()
    {
        sample = Datasets.UntarData(Urls.MnistSample);
        stacks = LoadSample(sample, useCache: true);
        train = new DataLoader(Split("train"), batchSize: 256);
        valid = new DataLoader(Split("valid"), batchSize: 256);
        Tensor.ManualSeed(0);
        a = Tensor.Randn(12396, 784);
        b = Tensor.Randn(784, 784);
    }

    public DataPath SamplePath => sample;

    /// <summary>Runs one workload and returns its result (an image count, an accuracy, a row count).</summary>
    public double Run(string name) => name switch
    {
        "load" => LoadSample(sample, useCache: false).Values.Sum(t => t.Size(0)),
        "baseline" => Baseline(),
        "linear" => Linear(20),
        "simple_net" => TrainSimpleNet(40),
        "matmul" => a.MatMul(b).Size(0),
        "mlp_epoch" => MlpEpoch(),
        "cnn_epoch" => CnnEpoch(),
        _ => throw new ArgumentException($"mnist-bench chapter: unknown workload '{name}' (known: {string.Join(", ", Names)})"),
    };

    // The book's loading: decode every PNG (no stacked-folder cache when timing), /255.
    static Dictionary<string, Tensor> LoadSample(DataPath path, bool useCache)
    {
        var d = new Dictionary<string, Tensor>();
        foreach (var s in new[] { "train", "valid" })
            foreach (var digit in new[] { "3", "7" })
                d[$"{s}/{digit}"] = Images.LoadFolder(path / s / digit, useCache: useCache).Float() / 255;
        return d;
    }

    TensorDataset Split(string s)
    {
        var (threes, sevens) = (stacks[$"{s}/3"], stacks[$"{s}/7"]);
        var x = Tensor.Cat([threes, sevens]).View(-1, 784);
        var y = Tensor.FromArray(Enumerable.Repeat(1L, threes.Size(0)).Concat(Enumerable.Repeat(0L, sevens.Size(0))).ToArray()).Unsqueeze(1);
        return Dataset.Zip(x, y);
    }

    double Baseline()
    {
        var mean3 = stacks["train/3"].Mean(0);
        var mean7 = stacks["train/7"].Mean(0);
        static Tensor Dist(Tensor x, Tensor m) => (x - m).Abs().Mean(-1, -2);
        Tensor IsThree(Tensor x) => Dist(x, mean3) < Dist(x, mean7);
        var acc3 = IsThree(stacks["valid/3"]).Float().Mean();
        var acc7 = (1 - IsThree(stacks["valid/7"]).Float()).Mean();
        return ((acc3 + acc7) / 2).Item<float>();
    }

    double Linear(int epochs)
    {
        Tensor.ManualSeed(42);
        var w = Tensor.Randn(784, 1).RequiresGrad();
        var bias = Tensor.Randn(1).RequiresGrad();
        Tensor Model(Tensor xb) => xb.MatMul(w) + bias;
        double acc = 0;
        for (int e = 0; e < epochs; e++)
        {
            foreach (var (xb, yb) in train)
            {
                F.MnistLoss(Model(xb), yb).Backward();
                foreach (var p in new[] { w, bias })
                {
                    using (Tensor.NoGrad()) p.Data.Sub_(p.Grad! * 1.0);
                    p.Grad!.Zero_();
                }
            }
            acc = Validate(Model, valid, F.BatchAccuracy);
        }
        return acc;
    }

    static double Validate(Func<Tensor, Tensor> model, IEnumerable<(Tensor X, Tensor Y)> dl, Func<Tensor, Tensor, Tensor> metric)
    {
        using var _ = Tensor.NoGrad();
        double sum = 0; int n = 0;
        foreach (var (xb, yb) in dl) { sum += metric(model(xb), yb).Item<float>() * xb.Size(0); n += xb.Size(0); }
        return sum / n;
    }

    static double Fit(DataLoaders dls, Module model, Func<Tensor, Tensor, Tensor> loss, Func<Tensor, Tensor, Tensor> metric, int epochs, double lr)
    {
        var learn = new Learner(dls, model, Sgd.Create, loss, metric) { Output = TextWriter.Null, Progress = ProgressMode.Off };
        learn.Fit(epochs, lr);
        return learn.Recorder.Values[^1][2];
    }

    // The Learner's loop with the shared step (bench/SimpleNet.cs), reading each batch's loss as its recorder does.
    double TrainSimpleNet(int epochs)
    {
        Tensor.ManualSeed(42);
        var model = new SimpleNet(Device.Cpu);
        var opt = model.CreateSgd();
        double acc = 0;
        for (int e = 0; e < epochs; e++)
        {
            foreach (var (xb, yb) in train) model.Step(opt, xb, yb).Item<float>();
            acc = Validate(model.Forward, valid, F.BatchAccuracy);
        }
        return acc;
    }

    double MlpEpoch()
    {
        if (full is null)
        {
            var (x, y) = FullMnist.Train();
            var (tx, ty) = FullMnist.Test();
            full = new DataLoaders(new DataLoader(Dataset.Zip(x.Float().View(-1, 784) / 255, y), batchSize: 128),
                                   new DataLoader(Dataset.Zip(tx.Float().View(-1, 784) / 255, ty), batchSize: 1000));
        }
        Tensor.ManualSeed(42);
        var model = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
        return Fit(full, model, F.CrossEntropy, F.Accuracy, 1, 0.1);
    }

    // Step 12's default CNN and recipe (scripts/12_full_mnist.csx): conv 3x3 (8) + ReLU + max-pool, conv 3x3 (16) + ReLU +
    // max-pool, linear; Adam lr 3e-3, batches of 64. One epoch over all 60,000 training images in order (no shuffle, so
    // both sides see the same batches), then the accuracy on the first 2,000 test images. torch_peer.py's cnn_epoch
    // uses the same counts.
    public const int CnnTrainImages = 60000, CnnValidImages = 2000;

    double CnnEpoch()
    {
        if (cnn is null)
        {
            var (x, y) = FullMnist.Train();
            var (tx, ty) = FullMnist.Test();
            cnn = new DataLoaders(new DataLoader(Dataset.Zip((x[..CnnTrainImages].Float() / 255).Unsqueeze(1), y[..CnnTrainImages]), batchSize: 64),
                                  new DataLoader(Dataset.Zip((tx[..CnnValidImages].Float() / 255).Unsqueeze(1), ty[..CnnValidImages]), batchSize: 1000));
        }
        Tensor.ManualSeed(42);
        var model = new Sequential(
            new Conv2d(1, 8, 3, padding: 1), new ReLU(), new MaxPool2d(2),
            new Conv2d(8, 16, 3, padding: 1), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(16 * 7 * 7, 10));
        var learn = new Learner(cnn, model, Adam.Create, F.CrossEntropy, F.Accuracy) { Output = TextWriter.Null, Progress = ProgressMode.Off };
        learn.Fit(1, 3e-3);
        return learn.Recorder.Values[^1][2];
    }

    /// <summary>The chapter's main computations once (for the peak-memory comparison with `torch_peer.py --mem`).</summary>
    public void RunChapterOnce()
    {
        Baseline();
        Linear(20);
        TrainSimpleNet(40);
    }
}
