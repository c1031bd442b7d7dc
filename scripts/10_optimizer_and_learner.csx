// Chapter 4, step 10 (book cells [293]-[315]): nn.Linear, an optimizer written by hand, the library's SGD, and a Learner.
#load "common/sample.csx"

var dl = new DataLoader(dset, batchSize: 256);
var validDl = new DataLoader(validDset, batchSize: 256);

Tensor.ManualSeed(42);
var linearModel = new Linear(28 * 28, 1);
var (w, b) = (linearModel.Parameters()[0], linearModel.Parameters()[1]);
Console.WriteLine((w.Shape, b.Shape));

// BasicOptim, exactly as the book writes it.
class BasicOptim(IReadOnlyList<Tensor> parameters, double lr)
{
    public void Step() { foreach (var p in parameters) p.Data.Sub_(p.Grad!.Data * lr); }
    public void ZeroGrad() { foreach (var p in parameters) p.Grad = null; }
}

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

var opt = new BasicOptim(linearModel.Parameters(), 1.0);
Console.WriteLine(ValidateEpoch(linearModel.Forward));
TrainModel(linearModel.Forward, 20, opt.Step, opt.ZeroGrad);
var basicAcc = ValidateEpoch(linearModel.Forward);

// The library's SGD "by default does the same thing as our BasicOptim".
Tensor.ManualSeed(42);
linearModel = new Linear(28 * 28, 1);
var sgd = new Sgd(linearModel.Parameters(), 1.0);
TrainModel(linearModel.Forward, 20, sgd.Step, sgd.ZeroGrad);
var sgdAcc = ValidateEpoch(linearModel.Forward);

// Learner(dls, nn.Linear(28*28,1), opt_func=SGD, loss_func=mnist_loss, metrics=batch_accuracy).fit(10, lr=1.0)
Tensor.ManualSeed(42);
var dls = new DataLoaders(dl, validDl);
var learn = new Learner(dls, new Linear(28 * 28, 1), Sgd.Create, F.MnistLoss, F.BatchAccuracy);
learn.Fit(10, 1.0);

Report("linear_weight_shape", w.Shape.ToString());
Report("linear_bias_shape", b.Shape.ToString());
Report("basic_optim_accuracy", basicAcc);
Report("sgd_accuracy", sgdAcc);
Report("learner_epoch0_accuracy", learn.Recorder.Values[0][2]);
Report("learner_final_accuracy", learn.Recorder.Values[^1][2]);
