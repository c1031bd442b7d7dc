// Chapter 4, step 5 in F# (book cells [103]-[142]): a function, its slope at a point, and one step downhill.
// Run: dotnet build scripting-host -c Release && dotnet build fsharp/Mnist.Scripting.FSharp -c Release &&
//      dotnet fsi scripts/fsharp/05_sgd_on_a_square.fsx
// %% [markdown]
// # Step 5 in F#
//
// Book cells [103]-[142]: a function, its slope at a point, and one step downhill.
//
// Learning means nudging parameters in the direction that lowers the loss, and the gradient says which direction
// that is. We try it on the simplest function there is, x squared: plot it, let autograd compute its slope at a
// point, do the same for a vector, and take one step downhill scaled by a learning rate.
// It follows book cells [103]-[142].
// %%
#load "common.fsx"
open Mnist.Scripting.FSharp

// %%
let f (x: Tensor) = x ** 2.0
plotFunction f "x" "x**2"
plotFunctionMarked -1.5 f "x" "x**2"

// %%
let xt = tensor 3.0 |> Tensor.requiresGrad  // xt = tensor(3.).requires_grad_()
let yt = f xt
printfn "%O" yt
Tensor.backward yt
printfn "%O" xt.Grad

// %%
// The same for a vector, summed to a scalar loss; numbers on either side of an operator.
let fSum (x: Tensor) = x ** 2.0 |> Tensor.sum
let xv = tensor [3.0; 4.0; 10.0] |> Tensor.requiresGrad
let yv = fSum xv
printfn "%O" yv
yv |> Tensor.backward
printfn "%O" xv.Grad
printfn "%O %O" (2.0 * xv.Grad) (xv.Grad * 2.0)

// %%
// One step of gradient descent: w -= gradient(w) * lr, outside the graph.
let lr = 0.1
do
    use _ = noGrad ()
    xv -= xv.Grad * lr
printfn "%O" xv

// %%
report "y_scalar" (Tensor.item yt)
report "y_scalar_grad_fn" yt.GradFn.Name
report "grad_scalar" xt.Grad
report "y_vector" (Tensor.item yv)
report "y_vector_grad_fn" yv.GradFn.Name
report "grad_vector" xv.Grad
report "after_step" xv
