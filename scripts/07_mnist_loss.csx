// Chapter 4, step 7 (book cells [197]-[242]): the training set as vectors, a linear model, and a loss with a gradient.
// %% [markdown]
// # Step 7: a linear model and a loss it can learn from
//
// Back to the digits, now with parameters to learn: each image becomes a row of 784 pixels, and a linear model
// gives it a score from 784 weights and a bias. Accuracy cannot drive the learning, because a tiny change to the
// weights almost never changes it, so its gradient is zero. We build a smooth loss instead, and squash the scores
// with a sigmoid first. It follows book cells [197]-[242].

// %%
var path = Datasets.UntarData(Urls.MnistSample);
var stackedThrees = Images.LoadStacked((path / "train" / "3").Ls().Sorted()).Float() / 255;
var stackedSevens = Images.LoadStacked((path / "train" / "7").Ls().Sorted()).Float() / 255;

// %% [markdown]
// The training set as one matrix, one image per row, with label 1 for a 3 and 0 for a 7.

// %%
var trainX = Tensor.Cat([stackedThrees, stackedSevens]).View(-1, 28 * 28);
var trainY = Tensor.FromArray(Enumerable.Repeat(1L, stackedThrees.Length).Concat(Enumerable.Repeat(0L, stackedSevens.Length)).ToArray()).Unsqueeze(1);
Show("train_x_shape", trainX.Shape);
Show("train_y_shape", trainY.Shape);

// %%
var dset = Dataset.Zip(trainX, trainY);
var (x0, y0) = dset[0];
Display((x0.Shape, y0));

// %% [markdown]
// Random weights and bias, and the score of the first image. The values depend on the random seed, so ours
// differ from the book's.

// %%
Tensor.ManualSeed(42);
Tensor InitParams(int[] size, double std = 1.0) => (Tensor.Randn(size) * std).RequiresGrad();
var weights = InitParams([28 * 28, 1]);
var bias = InitParams([1]);
Display((trainX[0] * weights.T).Sum() + bias);

// %%
Tensor Linear1(Tensor xb) => xb.MatMul(weights) + bias;
var preds = Linear1(trainX);
Display(preds);

// %% [markdown]
// Accuracy before and after a small change to one weight: the two printed numbers are the same.

// %%
// Accuracy is a step function of the weights: a tiny change leaves it exactly the same (zero gradient).
var corrects = (preds > 0.0).Float().Eq(trainY);
var accuracy = corrects.Float().Mean().Item();
Display(accuracy);

// %%
using (Tensor.NoGrad()) weights[0] *= 1.0001;
preds = Linear1(trainX);
var accuracyAfter = (preds > 0.0).Float().Eq(trainY).Float().Mean().Item();
Display(accuracyAfter);
Show("accuracy_unchanged", accuracy == accuracyAfter ? 1 : 0);

// %% [markdown]
// A loss that measures how far each prediction is from its target. On the book's three toy predictions it is
// 0.4333, and 0.2333 once the last prediction gets more confident and correct.

// %%
// mnist_loss, first without the sigmoid (the book's toy numbers), then with it.
var trgts = Tensor.Of(1, 0, 1);
var prds = Tensor.Of(0.9, 0.4, 0.2);
Tensor MnistLossRaw(Tensor predictions, Tensor targets) => Tensor.Where(targets.Eq(1L), 1 - predictions, predictions).Mean();
Show("where_toy", Tensor.Where(trgts.Eq(1L), 1 - prds, prds));

// %%
Show("mnist_loss_toy", MnistLossRaw(prds, trgts));

// %%
Show("mnist_loss_toy2", MnistLossRaw(Tensor.Of(0.9, 0.4, 0.8), trgts));

// %% [markdown]
// That loss assumes predictions between 0 and 1. The sigmoid maps any score into that range.

// %%
Tensor Sigmoid(Tensor x) => 1 / (1 + (-x).Exp());
Show("sigmoid_matches", Sigmoid(Tensor.Of(-1.0, 0.0, 2.0)).AllClose(Tensor.Of(-1.0, 0.0, 2.0).Sigmoid()) ? 1 : 0);

// %%
PlotFunction(x => x.Sigmoid(), "Sigmoid", -4, 4);

// %%
Display(F.MnistLoss(Tensor.Of(-2.0, 0.5, 3.0), trgts));   // the book's mnist_loss: sigmoid first
