// Chapter 4, step 10 (book cells [293]-[315]): nn.Linear, an optimizer written by hand, the library's SGD, and a Learner.
// %% [markdown]
// # Step 10: an optimizer and a Learner
//
// The loop of step 9 again, with its parts given names: a `Linear` layer holds the weights and bias, an optimizer
// owns the update and the zeroing of gradients, and a `Learner` runs epochs and prints a table. We first write
// the optimizer ourselves, then check that the library's SGD gives the same numbers, and finish with the Learner.
// It follows book cells [293]-[315].

// %%
#load "common/sample.csx"

// %%
var dl = new DataLoader(dset, batchSize: 256);
var validDl = new DataLoader(validDset, batchSize: 256);

// %% [markdown]
// A `Linear` layer from 784 inputs to 1 output: a [1, 784] weight and a [1] bias.

// %%
Tensor.ManualSeed(42);
var linearModel = new Linear(28 * 28, 1);
var (w, b) = (linearModel.Parameters()[0], linearModel.Parameters()[1]);
Show("linear_weight_shape", w.Shape);
Show("linear_bias_shape", b.Shape);

// %%
// BasicOptim, exactly as the book writes it.
class BasicOptim(IReadOnlyList<Tensor> parameters, double lr)
{
    public void Step() { foreach (var p in parameters) p.Data.Sub_(p.Grad!.Data * lr); }
    public void ZeroGrad() { foreach (var p in parameters) p.Grad = null; }
}

// %%
double ValidateEpoch(Func<Tensor, Tensor> model)
{
    using var _ = Tensor.NoGrad();
    var accs = validDl.Select(v => F.BatchAccuracy(model(v.X), v.Y).Item()).ToArray();
    return Math.Round(accs.Average(), 4);
}

void TrainModel(Func<Tensor, Tensor> model, int epochs, Action step, Action zeroGrad)
{
    for (int i = 0; i < epochs; i++)
    {
        foreach (var (xb, yb) in dl)
        {
            F.MnistLoss(model(xb), yb).Backward();
            step();
            zeroGrad();
        }
        Console.Write($"{ValidateEpoch(model)} ");
    }
    Console.WriteLine();
}

// %% [markdown]
// Twenty epochs with our own optimizer. The book's accuracy ends at 0.9785.

// %%
var opt = new BasicOptim(linearModel.Parameters(), 1.0);
Display(ValidateEpoch(linearModel.Forward));

// %%
TrainModel(linearModel.Forward, 20, opt.Step, opt.ZeroGrad);
var basicAcc = ValidateEpoch(linearModel.Forward);
Show("basic_optim_accuracy", basicAcc);

// %% [markdown]
// The library's SGD, from the same starting weights: the line of accuracies should repeat the one above.

// %%
// The library's SGD "by default does the same thing as our BasicOptim".
Tensor.ManualSeed(42);
linearModel = new Linear(28 * 28, 1);
var sgd = new Sgd(linearModel.Parameters(), 1.0);
TrainModel(linearModel.Forward, 20, sgd.Step, sgd.ZeroGrad);
var sgdAcc = ValidateEpoch(linearModel.Forward);
Show("sgd_accuracy", sgdAcc);

// %% [markdown]
// The Learner does the whole loop and prints one row per epoch. The book's table ends at 0.967615 after 10
// epochs; its metric counts correct images over the whole validation set rather than averaging batches.

// %%
// Learner(dls, nn.Linear(28*28,1), opt_func=SGD, loss_func=mnist_loss, metrics=batch_accuracy).fit(10, lr=1.0)
Tensor.ManualSeed(42);
var dls = new DataLoaders(dl, validDl);
var learn = new Learner(dls, new Linear(28 * 28, 1), Sgd.Create, F.MnistLoss, F.BatchAccuracy);
learn.Fit(10, 1.0);
Show("learner_epoch0_accuracy", learn.Recorder.Values[0][2]);
Show("learner_final_accuracy", learn.Recorder.Values[^1][2]);
