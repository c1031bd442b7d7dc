// Beyond the chapter ("Further research" [347]): every step of the chapter again, on all ten digits.
// %% [markdown]
// # Step 13: all the steps on all ten digits
//
// The chapter's second research exercise, walked the chapter's own way: the pixel-similarity baseline with ten mean
// digits, a linear model and a simple net trained by hand with SGD, then the same through the Learner, and a
// Learner written from scratch checked against ours. Ten classes change two things. A model gives ten numbers per
// image instead of one, and `mnist_loss` no longer fits: it asks how far one sigmoid is from 0 or 1, a yes/no
// question, while here the question is "which of ten". Softmax turns the ten outputs into probabilities that add
// up to 1 (exponentials, each divided by their sum), so raising one class's score lowers the others'; the loss is
// then minus the log of the probability given to the right digit: cross-entropy. The chapter ends with fastai's
// tools (a learning-rate finder, the one-cycle schedule, a summary), used here at the end.

// %%
var (trainImages, trainLabels) = FullMnist.Train();
var (testImages, testLabels) = FullMnist.Test();
var trainX = trainImages.Float() / 255;   // [60000, 28, 28]
var testX = testImages.Float() / 255;     // [10000, 28, 28]
Display((trainX.Shape, testX.Shape));

// %% [markdown]
// ## The baseline: ten mean digits
//
// The chapter's "ideal" 3 and 7 become ten ideal digits: the mean of every training image of each digit.

// %%
var means = Enumerable.Range(0, 10).Select(d => trainX[trainLabels.Eq((long)d)].Mean(0)).ToArray();
ShowImage(Tensor.Cat(means, 1), "the ten mean digits", 840, 84);

// %% [markdown]
// An image is called the digit whose mean it is closest to, by the chapter's `mnist_distance` (the mean absolute
// difference), broadcast over the ten means: [n, 1, 28, 28] against [10, 28, 28] gives [n, 10] distances.

// %%
Tensor MnistDistance(Tensor a, Tensor b) => (a - b).Abs().Mean(-1, -2);
var allMeans = Tensor.Stack(means);
long nearest = 0;
for (int i = 0; i < testX.Size(0); i += 1000)   // 1,000 images at a time: [1000, 10, 28, 28] is 31 MB
{
    var distances = MnistDistance(testX[i..(i + 1000)].Unsqueeze(1), allMeans);
    nearest += distances.ArgMin(1).Eq(testLabels[i..(i + 1000)]).Sum().Item<long>();
}
var baselineAccuracy = nearest / 10000.0;
Show("baseline_accuracy", baselineAccuracy);

// %% [markdown]
// ## Softmax and cross-entropy, written out
//
// Softmax subtracts each row's largest score before the exponentials (the result is the same, and `exp` cannot
// overflow); the loss picks each image's probability of its own digit.

// %%
Tensor Softmax(Tensor x)
{
    var e = (x - x.Amax(1, keepDim: true)).Exp();
    return e / e.Sum([1], keepDim: true);
}
Tensor CrossEntropy(Tensor preds, Tensor targets)
{
    var right = Tensor.Arange(10).Eq(targets.Unsqueeze(1));       // one-hot rows: true at each image's digit
    return -Tensor.Where(right, Softmax(preds).Log(), 0.0).Sum(1).Mean();
}
var scores = Tensor.Of(new[,] { { 2.0, 1.0, 0.1, 0, 0, 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0, 0, 0, 3.0, 0, 0 } });
Display(Softmax(scores).Sum(1));
Show("cross_entropy_by_hand", CrossEntropy(scores, Tensor.Of(0L, 7L)).Item());
Show("cross_entropy_library", F.CrossEntropy(scores, Tensor.Of(0L, 7L)).Item());

// %% [markdown]
// ## A linear model trained by hand
//
// The chapter's loop, unchanged but for the loss: ten outputs per image, a [784, 10] weight and a [10] bias.

// %%
var flatTrain = trainX.View(-1, 28 * 28);
var flatTest = testX.View(-1, 28 * 28);
var validDl = new DataLoader(Dataset.Zip(flatTest, testLabels), batchSize: 1000);
// A fresh loader for each run below, so each sees the same shuffled order.
DataLoader Shuffled() => new(Dataset.Zip(flatTrain, trainLabels), batchSize: 256, shuffle: true, seed: 42);
var dl = Shuffled();

Tensor.ManualSeed(42);
Tensor InitParams(int[] size, double std = 1.0) => (Tensor.Randn(size) * std).RequiresGrad();
var weights = InitParams([28 * 28, 10], 0.01);
var bias = InitParams([10], 0.01);
Tensor Linear1(Tensor xb) => xb.MatMul(weights) + bias;

void TrainEpoch(Func<Tensor, Tensor> model, double lr, Tensor[] parameters)
{
    foreach (var (xb, yb) in dl)
    {
        CrossEntropy(model(xb), yb).Backward();
        foreach (var p in parameters)
        {
            using (Tensor.NoGrad()) p.Data.Sub_(p.Grad! * lr);
            p.Grad!.Zero_();
        }
    }
}

double BatchAccuracy(Tensor preds, Tensor targets) => preds.ArgMax(1).Eq(targets).Float().Mean().Item();
double ValidateEpoch(Func<Tensor, Tensor> model)
{
    using var _ = Tensor.NoGrad();
    return Math.Round(validDl.Select(b => BatchAccuracy(model(b.X), b.Y)).Average(), 4);
}

// %%
var linearAccs = new List<double>();
for (int i = 0; i < 5; i++)
{
    TrainEpoch(Linear1, 0.5, [weights, bias]);
    linearAccs.Add(ValidateEpoch(Linear1));
}
Console.WriteLine(string.Join(" ", linearAccs));
Show("linear_accuracy", linearAccs[^1]);

// %% [markdown]
// ## A simple net by hand
//
// Two linear layers with a ReLU between them, 30 hidden units as in the chapter.

// %%
Tensor.ManualSeed(42);
var w1 = InitParams([28 * 28, 30], 0.05);
var b1 = InitParams([30], 0.0);
var w2 = InitParams([30, 10], 0.2);
var b2 = InitParams([10], 0.0);
Tensor SimpleNetByHand(Tensor xb) => (xb.MatMul(w1) + b1).Relu().MatMul(w2) + b2;
var netAccs = new List<double>();
for (int i = 0; i < 5; i++)
{
    TrainEpoch(SimpleNetByHand, 0.5, [w1, b1, w2, b2]);
    netAccs.Add(ValidateEpoch(SimpleNetByHand));
}
Console.WriteLine(string.Join(" ", netAccs));
Show("simple_net_accuracy", netAccs[^1]);

// %% [markdown]
// ## The same with the Learner
//
// `nn.Linear` layers, the library's SGD, `F.CrossEntropy` and `F.Accuracy`, five epochs.

// %%
var dls = new DataLoaders(Shuffled(), validDl);
Tensor.ManualSeed(42);
var simpleNet = new Sequential(new Linear(28 * 28, 30), new ReLU(), new Linear(30, 10));
var learn = new Learner(dls, simpleNet, Sgd.Create, F.CrossEntropy, F.Accuracy);
learn.Fit(5, 0.5);
Show("learner_accuracy", learn.Recorder.Values[^1][2]);

// %% [markdown]
// ## A Learner from scratch
//
// The first research exercise: the loop the chapter built, as a class. With the same seed, the same data order and
// the same model it must give exactly our Learner's weights and accuracy.

// %%
class BasicLearner(DataLoaders dls, Module model, Func<IEnumerable<Tensor>, double, Optimizer> optFunc,
                   Func<Tensor, Tensor, Tensor> lossFunc, Func<Tensor, Tensor, Tensor> metric)
{
    public List<double> Accuracies { get; } = [];

    public void Fit(int epochs, double lr)
    {
        var opt = optFunc(model.Parameters(), lr);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            model.Train();
            foreach (var (xb, yb) in dls.Train)
            {
                lossFunc(model.Forward(xb), yb).Backward();
                opt.Step();
                opt.ZeroGrad();
            }
            model.Eval();
            using (Tensor.NoGrad())
            {
                double correct = 0, count = 0;
                foreach (var (xb, yb) in dls.Valid)
                {
                    correct += metric(model.Forward(xb), yb).Item() * xb.Size(0);
                    count += xb.Size(0);
                }
                Accuracies.Add(correct / count);
            }
        }
    }
}

var again = new DataLoaders(Shuffled(), validDl);
Tensor.ManualSeed(42);
var ours = new Sequential(new Linear(28 * 28, 30), new ReLU(), new Linear(30, 10));
var basic = new BasicLearner(again, ours, Sgd.Create, F.CrossEntropy, F.Accuracy);
basic.Fit(5, 0.5);
bool same = ours.Parameters().Zip(simpleNet.Parameters()).All(p => p.First.Equal(p.Second))
            && basic.Accuracies.SequenceEqual(learn.Recorder.ItemGot(2));
Show("basic_learner_accuracy", basic.Accuracies[^1]);
Show("basic_learner_same_weights", same ? 1 : 0);

// %% [markdown]
// ## fastai's next tools
//
// `Summary` lists each layer's output and parameters. `LrFind` sweeps the learning rate up exponentially for 100
// batches and suggests one from the curve (then puts the model back); `FitOneCycle` warms the rate up to it and
// anneals it down while the momentum moves the other way, here with Adam.

// %%
Tensor.ManualSeed(42);
var net = new Sequential(new Linear(28 * 28, 30), new ReLU(), new Linear(30, 10));
var cycle = new Learner(new DataLoaders(Shuffled(), validDl), net, Adam.Create, F.CrossEntropy, F.Accuracy);
Display(cycle.Summary());

// %%
var found = cycle.LrFind();
Display(found);
cycle.Recorder.PlotLrFind(found);
Show("lr_find_valley", found.Valley);

// %%
cycle.FitOneCycle(3, found.Valley);
cycle.Recorder.PlotLoss();
cycle.Recorder.PlotSched();
Show("one_cycle_accuracy", cycle.Recorder.Values[^1][2]);

// %% [markdown]
// What the model sees and gets wrong: a training batch, the first validation images (actual over predicted, red
// where wrong), the confusion matrix over the 10,000 test images (rows actual, columns predicted), the pairs it
// confuses most, and the images it got most wrong.

// %%
cycle.Dls.ShowBatch();
cycle.ShowResults();
var interp = ClassificationInterpretation.FromLearner(cycle);
interp.PlotConfusionMatrix();
Display(string.Join(", ", interp.MostConfused(10).Take(5)));
interp.PlotTopLosses(9);
Show("confusion_matrix_total", interp.ConfusionMatrix().Sum().Item<long>());
