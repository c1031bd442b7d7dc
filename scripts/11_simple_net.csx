// Chapter 4, step 11 (book cells [319]-[335]): adding a nonlinearity, by hand and with Sequential, trained 40 epochs.
// %% [markdown]
// # Step 11: a neural network
//
// Two linear layers in a row are still just one linear layer; putting a nonlinearity between them is what makes
// a neural network. We write the two-layer net by hand with a rectified linear unit (ReLU) in the middle, build
// the same thing from layers with `Sequential`, and train it for 40 epochs with the Learner.
// It follows book cells [319]-[335].

// %%
#load "common/sample.csx"

// %%
Tensor.ManualSeed(42);
Tensor InitParams(int[] size, double std = 1.0) => (Tensor.Randn(size) * std).RequiresGrad();
var w1 = InitParams([28 * 28, 30]);
var b1 = InitParams([30]);
var w2 = InitParams([30, 1]);
var b2 = InitParams([1]);

// %%
Tensor SimpleNetByHand(Tensor xb)
{
    var res = xb.MatMul(w1) + b1;
    res = res.Max(Tensor.Of(0.0));        // res.max(tensor(0.0)): the rectified linear unit
    res = res.MatMul(w2) + b2;
    return res;
}
Display(SimpleNetByHand(trainX[..4]).Shape);

// %% [markdown]
// ReLU replaces every negative number with zero.

// %%
PlotFunction(F.Relu, "ReLU", -2, 2);

// %% [markdown]
// The same net from layers: 30 hidden units, so four parameter tensors.

// %%
var simpleNet = new Sequential(new Linear(28 * 28, 30), new ReLU(), new Linear(30, 1));
Display(simpleNet);

// %%
Show("parameter_tensors", simpleNet.Parameters().Count);

// %% [markdown]
// Forty epochs at a learning rate of 0.1. The book's accuracy ends at 0.982826 (2003 of 2038 images).

// %%
var dls = new DataLoaders(new DataLoader(dset, batchSize: 256), new DataLoader(validDset, batchSize: 256));
var learn = new Learner(dls, simpleNet, Sgd.Create, F.MnistLoss, F.BatchAccuracy);
learn.Fit(40, 0.1);

// %%
PlotLine(learn.Recorder.ItemGot(2), "simple_net: batch_accuracy", "epoch", "accuracy");   // plt.plot(L(learn.recorder.values).itemgot(2))

// %%
Show("final_accuracy", learn.Recorder.Values[^1][2]);
Show("final_valid_loss", learn.Recorder.Values[^1][1]);
