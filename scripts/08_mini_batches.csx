// Chapter 4, step 8 (book cells [246]-[289]): DataLoader, mini-batches, gradients that accumulate, and validation.
#load "common/sample.csx"

// DataLoader(range(15), batch_size=5, shuffle=True) and the letters example.
var coll = Enumerable.Range(0, 15).ToArray();
var dl15 = DataLoader.From(coll, batchSize: 5, shuffle: true, seed: 42);
Console.WriteLine(string.Join(", ", dl15));
var ds = Dataset.Enumerate("abcdefghijklmnopqrstuvwxyz");
var dlLetters = DataLoader.From(ds, batchSize: 6, shuffle: true, seed: 42);
foreach (var b in dlLetters) Console.WriteLine(b);

Tensor.ManualSeed(42);
Tensor InitParams(int[] size, double std = 1.0) => (Tensor.Randn(size) * std).RequiresGrad();
var weights = InitParams([28 * 28, 1]);
var bias = InitParams([1]);

var dl = new DataLoader(dset, batchSize: 256);
var (xb, yb) = dl.First();
Console.WriteLine((xb.Shape, yb.Shape));
var validDl = new DataLoader(validDset, batchSize: 256);

Tensor Linear1(Tensor x) => x.MatMul(weights) + bias;
var batch = trainX[..4];
var preds = Linear1(batch);
Console.WriteLine(preds);
var loss = F.MnistLoss(preds, trainY[..4]);
Console.WriteLine(loss);
loss.Backward();
Console.WriteLine((weights.Grad!.Shape, weights.Grad.Mean(), bias.Grad));

void CalcGrad(Tensor x, Tensor y, Func<Tensor, Tensor> model) => F.MnistLoss(model(x), y).Backward();
CalcGrad(batch, trainY[..4], Linear1);
var afterTwo = (weights.Grad!.Mean().Item(), bias.Grad!.Item());
Console.WriteLine((weights.Grad.Mean(), bias.Grad));
CalcGrad(batch, trainY[..4], Linear1);
var afterThree = (weights.Grad!.Mean().Item(), bias.Grad!.Item());
Console.WriteLine((weights.Grad.Mean(), bias.Grad));   // gradients add up until zeroed
weights.Grad.Zero_();
bias.Grad.Zero_();

Tensor BatchAccuracy(Tensor x, Tensor y) => ((x.Sigmoid() > 0.5).Eq(y.Bool())).Float().Mean();
Console.WriteLine(BatchAccuracy(Linear1(batch), trainY[..4]));

double ValidateEpoch(Func<Tensor, Tensor> model)
{
    using var _ = Tensor.NoGrad();
    var accs = validDl.Select(b => BatchAccuracy(model(b.X), b.Y).Item()).ToArray();
    return Math.Round(accs.Average(), 4);
}
Console.WriteLine(ValidateEpoch(Linear1));

Report("dl15_batches", dl15.Count);
Report("dl15_items", dl15.SelectMany(b => b).Distinct().Count());
Report("letters_batches", dlLetters.Count);
Report("letters_last_batch", dlLetters.Last().Count);
Report("train_batches", dl.Count);
Report("train_last_batch", dl.Last().X.Size(0));
Report("first_batch_x", xb.Shape.ToString());
Report("first_batch_y", yb.Shape.ToString());
Report("valid_batches", validDl.Count);
Report("valid_last_batch", validDl.Last().X.Size(0));
Report("grad_accumulates", Math.Abs(afterThree.Item2) > Math.Abs(afterTwo.Item2) ? 1 : 0);
