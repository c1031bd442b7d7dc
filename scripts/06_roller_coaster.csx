// Chapter 4, step 6 (book cells [146]-[189]): fit a quadratic to a roller coaster's noisy speed with SGD.
// %% [markdown]
// # Step 6: SGD end to end on a roller coaster
//
// All seven steps of gradient descent on a problem small enough to watch: noisy speeds of a roller coaster over
// 20 seconds, fitted with a quadratic a*t^2 + b*t + c. We start from random parameters, compute predictions, a
// loss and its gradient, step, and repeat, printing the loss each time. It follows book cells [146]-[189]; the
// data is random, so our numbers differ from the book's but should follow the same curve.

// %%
// Seed 5 starts as far off as the book's parameters (loss 26,602 against the book's 25,824), so the panels show the curve coming in.
Tensor.ManualSeed(5);
var time = Tensor.Arange(0, 20).Float();
Show("time", time);

// %%
var speed = Tensor.Randn(20) * 3 + 0.75 * (time - 9.5).Pow(2) + 1;
Scatter(time, speed, "speed", "time", "speed");

// %% [markdown]
// The model, the loss (mean squared error) and random starting parameters. The first predictions are far off.

// %%
Tensor f(Tensor t, Tensor p) => p[0] * t.Pow(2) + p[1] * t + p[2];   // a*t**2 + b*t + c
Tensor Mse(Tensor preds, Tensor targets) => (preds - targets).Pow(2).Mean();

var parameters = Tensor.Randn(3).RequiresGrad();
var orig = parameters.Clone().Detach();

// %%
void ShowPreds(Panel panel, Tensor preds)
{
    panel.Points(time, speed).Points(time, preds.Detach(), color: "red").YLim(-300, 100);
}

var preds = f(time, parameters);
ShowPreds(new Panel().Title("initial predictions"), preds);

// %%
var loss = Mse(preds, speed);
Display(loss);

// %%
loss.Backward();
Display(parameters.Grad);

// %%
Display(parameters.Grad! * 1e-5);

// %%
Display(parameters);

// %% [markdown]
// One step at a learning rate of 1e-5, then the loss again: the book's drops from 25,824 to 5,436.

// %%
var lr = 1e-5;
using (Tensor.NoGrad()) parameters -= lr * parameters.Grad!;   // params.data -= lr * params.grad.data
parameters.Grad = null;
preds = f(time, parameters);
Display(Mse(preds, speed));

// %% [markdown]
// Ten steps in a loop. The book's losses fall quickly and then level off near 677.

// %%
var losses = new List<double>();
Tensor ApplyStep(Tensor p, bool print = true)
{
    var pr = f(time, p);
    var l = Mse(pr, speed);
    l.Backward();
    using (Tensor.NoGrad()) p -= lr * p.Grad!;
    p.Grad = null;
    if (print) Console.WriteLine(l.Item().ToString("F3"));
    losses.Add(l.Item());
    return pr;
}
for (int i = 0; i < 10; i++) ApplyStep(parameters);
var tenSteps = losses.ToArray();
Show("loss_first", tenSteps[0]);
Show("loss_last", tenSteps[^1]);
Show("losses_decreasing_steps", tenSteps.Zip(tenSteps.Skip(1)).Count(p => p.Second < p.First));

// %%
// The book's 1x4 snapshots: predictions after 0, 1, 2 and 3 more steps, from the original parameters.
parameters = orig.Clone().RequiresGrad();
var fig = Subplots(1, 4, 1200, 300);
for (int i = 0; i < 4; i++) ShowPreds(fig[i], ApplyStep(parameters, print: false));
fig.Save("roller_coaster_steps");
