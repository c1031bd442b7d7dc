// Chapter 4, step 5 in F# (book cells [103]-[142]): a function, its slope at a point, and one step downhill.
// Run: dotnet build scripting-host -c Release && dotnet fsi scripts/fsharp/05_sgd_on_a_square.fsx
#load "common.fsx"
open Common
open Mnist.Scripting
open Mnist.Scripting.Dsl

let f (x: Tensor) = x.Pow(2.0)
Prelude.PlotFunction(f, "x**2", -2.0, 2.0, "x", "x**2") |> ignore
Prelude.PlotFunction((fun (x: Tensor) -> x.Pow(2.0)), "x**2 at -1.5", -2.0, 2.0, "x", "x**2", markX = -1.5) |> ignore

let xt = Tensor.Of(3.0).RequiresGrad()      // xt = tensor(3.).requires_grad_()
let yt = f xt
printfn "%O" yt
yt.Backward()
printfn "%O" xt.Grad

// The same for a vector, summed to a scalar loss; numbers on either side of an operator.
let fSum (x: Tensor) = x * x |> Ops.Sum
let xv = Tensor.Of(3.0, 4.0, 10.0).RequiresGrad()
let yv = fSum xv
printfn "%O" yv
yv.Backward()
printfn "%O" xv.Grad
printfn "%O %O" (2.0f * xv.Grad) (xv.Grad * 2.0f)

// One step of gradient descent: w -= gradient(w) * lr, outside the graph.
let lr = 0.1
do
    use _ = Tensor.NoGrad()
    xv.Sub_(xv.Grad * lr) |> ignore
printfn "%O" xv

Prelude.Report("y_scalar", yt.Item())
Prelude.Report("y_scalar_grad_fn", yt.GradFn.Name)
Prelude.Report("grad_scalar", xt.Grad)
Prelude.Report("y_vector", yv.Item())
Prelude.Report("y_vector_grad_fn", yv.GradFn.Name)
Prelude.Report("grad_vector", xv.Grad)
Prelude.Report("after_step", xv)
