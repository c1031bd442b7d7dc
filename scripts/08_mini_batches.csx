// Chapter 4, step 8 (book cells [246]-[289]): DataLoader, mini-batches, gradients that accumulate, and validation.
// %% [markdown]
// # Step 8: mini-batches
//
// Computing the loss over all 12,396 images for every step is slow, and over one image is noisy; mini-batches
// are the middle way. This step shows how a DataLoader cuts a collection into (optionally shuffled) batches, runs
// the linear model on a batch, shows that gradients add up across calls until they are zeroed, and measures
// accuracy on the validation set. It follows book cells [246]-[289]. The shared `common/sample.csx` builds the
// training and validation sets exactly as step 7 did.

// %%
#load "common/sample.csx"

// %% [markdown]
// A DataLoader on plain collections: 15 numbers in three shuffled batches of 5, then 26 letters in batches of 6
// (the last batch has the 2 left over).

// %%
// DataLoader(range(15), batch_size=5, shuffle=True) and the letters example.
var coll = Enumerable.Range(0, 15).ToArray();
var dl15 = DataLoader.From(coll, batchSize: 5, shuffle: true, seed: 42);
Console.WriteLine(string.Join(", ", dl15));
Show("dl15_batches", dl15.Count);
Show("dl15_items", dl15.SelectMany(b => b).Distinct().Count());

// %%
var ds = Dataset.Enumerate("abcdefghijklmnopqrstuvwxyz");
var dlLetters = DataLoader.From(ds, batchSize: 6, shuffle: true, seed: 42);
foreach (var b in dlLetters) Console.WriteLine(b);
Show("letters_batches", dlLetters.Count);
Show("letters_last_batch", dlLetters.Last().Count);

// %% [markdown]
// Fresh parameters, and loaders of 256 images for training and validation.

// %%
Tensor.ManualSeed(42);
Tensor InitParams(int[] size, double std = 1.0) => (Tensor.Randn(size) * std).RequiresGrad();
var weights = InitParams([28 * 28, 1]);
var bias = InitParams([1]);

// %%
var dl = new DataLoader(dset, batchSize: 256);
var (xb, yb) = dl.First();
Show("first_batch_x", xb.Shape);
Show("first_batch_y", yb.Shape);
Show("train_batches", dl.Count);
Show("train_last_batch", dl.Last().X.Size(0));
var validDl = new DataLoader(validDset, batchSize: 256);
Show("valid_batches", validDl.Count);
Show("valid_last_batch", validDl.Last().X.Size(0));

// %% [markdown]
// The model, the loss and the gradients on a batch of four images.

// %%
Tensor Linear1(Tensor x) => x.MatMul(weights) + bias;
var batch = trainX[..4];
var preds = Linear1(batch);
Display(preds);

// %%
var loss = F.MnistLoss(preds, trainY[..4]);
Display(loss);

// %%
loss.Backward();
Display((weights.Grad!.Shape, weights.Grad.Mean(), bias.Grad));

// %% [markdown]
// Running the same batch backward again does not replace the gradients, it adds to them: after the second and
// third call they are two and three times the first.

// %%
void CalcGrad(Tensor x, Tensor y, Func<Tensor, Tensor> model) => F.MnistLoss(model(x), y).Backward();
CalcGrad(batch, trainY[..4], Linear1);
var afterTwo = (weights.Grad!.Mean().Item(), bias.Grad!.Item());
Display((weights.Grad.Mean(), bias.Grad));

// %%
CalcGrad(batch, trainY[..4], Linear1);
var afterThree = (weights.Grad!.Mean().Item(), bias.Grad!.Item());
Display((weights.Grad.Mean(), bias.Grad));   // gradients add up until zeroed
Show("grad_accumulates", Math.Abs(afterThree.Item2) > Math.Abs(afterTwo.Item2) ? 1 : 0);

// %%
weights.Grad.Zero_();
bias.Grad.Zero_();

// %% [markdown]
// Accuracy on a batch, then averaged over the validation batches. With random weights it is near a coin toss
// (the book gets 0.5219).

// %%
Tensor BatchAccuracy(Tensor x, Tensor y) => ((x.Sigmoid() > 0.5).Eq(y.Bool())).Float().Mean();
Display(BatchAccuracy(Linear1(batch), trainY[..4]));

// %%
double ValidateEpoch(Func<Tensor, Tensor> model)
{
    using var _ = Tensor.NoGrad();
    var accs = validDl.Select(b => BatchAccuracy(model(b.X), b.Y).Item()).ToArray();
    return Math.Round(accs.Average(), 4);
}
Display(ValidateEpoch(Linear1));
