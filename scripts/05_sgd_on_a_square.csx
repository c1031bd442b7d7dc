// Chapter 4, step 5 (book cells [103]-[142]): a function, its slope at a point, and one step downhill.
// %% [markdown]
// # Step 5: gradients on a parabola
//
// Learning means nudging parameters in the direction that lowers the loss, and the gradient says which direction
// that is. We try it on the simplest function there is, x squared: plot it, let autograd compute its slope at a
// point, do the same for a vector, and take one step downhill scaled by a learning rate.
// It follows book cells [103]-[142].

// %%
Tensor f(Tensor x) => x.Pow(2);
Show("f_3", f(Tensor.Of(3.0)));

// %%
PlotFunction(f, "x**2", -2, 2, "x", "x**2");

// %%
PlotFunction(f, "x**2 at -1.5", -2, 2, "x", "x**2", markX: -1.5);   // plt.scatter(-1.5, f(-1.5), color='red')

// %% [markdown]
// Ask for gradients on a scalar, compute, then call `Backward`: the slope of x squared at 3 is 6.

// %%
var xt = Tensor.Of(3.0).RequiresGrad();        // xt = tensor(3.).requires_grad_()
var yt = f(xt);
Show("y_scalar", yt.Item());
Show("y_scalar_grad_fn", yt.GradFn!.Name);

// %%
yt.Backward();
Show("grad_scalar", xt.Grad!);

// %%
// The same for a vector, summed to a scalar loss.
Tensor fSum(Tensor x) => x.Pow(2).Sum();
var xv = Tensor.Of(3.0, 4.0, 10.0).RequiresGrad();
Display(xv);

// %%
var yv = fSum(xv);
Show("y_vector", yv.Item());
Show("y_vector_grad_fn", yv.GradFn!.Name);

// %%
yv.Backward();
Show("grad_vector", xv.Grad!);

// %% [markdown]
// One step with a learning rate of 0.1 moves each value a tenth of its gradient: [3, 4, 10] becomes
// [2.4, 3.2, 8].

// %%
// One step of gradient descent: w -= gradient(w) * lr, in place and outside the graph.
var lr = 0.1;
using (Tensor.NoGrad()) xv -= xv.Grad! * lr;
Show("after_step", xv);
