// Chapter 4, step 9 (book cells [283]-[289]): the whole training loop by hand, 1 + 20 epochs at lr 1.
// %% [markdown]
// # Step 9: training the linear model from scratch
//
// The pieces of steps 7 and 8 put together into a real training loop, written out by hand: for each mini-batch,
// compute the gradients, move every parameter against them by the learning rate, and zero them; after each epoch,
// measure validation accuracy. Nothing here comes from a library except the tensors. It follows book cells
// [283]-[289].

// %%
#load "common/sample.csx"

// %%
Tensor.ManualSeed(42);
Tensor InitParams(int[] size, double std = 1.0) => (Tensor.Randn(size) * std).RequiresGrad();
var weights = InitParams([28 * 28, 1]);
var bias = InitParams([1]);
Tensor Linear1(Tensor x) => x.MatMul(weights) + bias;

// %%
var dl = new DataLoader(dset, batchSize: 256);
var validDl = new DataLoader(validDset, batchSize: 256);

// %% [markdown]
// One epoch of training, and one pass over the validation set.

// %%
void CalcGrad(Tensor x, Tensor y, Func<Tensor, Tensor> model) => F.MnistLoss(model(x), y).Backward();

void TrainEpoch(Func<Tensor, Tensor> model, double lr, Tensor[] parameters)
{
    foreach (var (xb, yb) in dl)
    {
        CalcGrad(xb, yb, model);
        foreach (var p in parameters)
        {
            using (Tensor.NoGrad()) p.Data.Sub_(p.Grad! * lr);   // p.data -= p.grad * lr
            p.Grad!.Zero_();
        }
    }
}

// %%
double ValidateEpoch(Func<Tensor, Tensor> model)
{
    using var _ = Tensor.NoGrad();
    var accs = validDl.Select(b => F.BatchAccuracy(model(b.X), b.Y).Item()).ToArray();
    return Math.Round(accs.Average(), 4);
}

// %% [markdown]
// Accuracy before training, and after one epoch at a learning rate of 1 (the book: 0.5219, then 0.6883).

// %%
var lr = 1.0;
var parameters = new[] { weights, bias };
Display(ValidateEpoch(Linear1));

// %%
TrainEpoch(Linear1, lr, parameters);
Display(ValidateEpoch(Linear1));

// %% [markdown]
// Twenty more epochs; the book's accuracy climbs to 0.9696.

// %%
var accs = new List<double>();
for (int i = 0; i < 20; i++)
{
    TrainEpoch(Linear1, lr, parameters);
    accs.Add(ValidateEpoch(Linear1));
    Console.Write($"{accs[^1]} ");
}
Console.WriteLine();
Show("final_accuracy", accs[^1]);
Show("accuracy_rises", accs[^1] > accs[0] ? 1 : 0);

// %%
PlotLine(accs, "linear model from scratch: accuracy", "epoch", "accuracy");
