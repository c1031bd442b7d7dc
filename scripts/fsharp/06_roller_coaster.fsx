// Chapter 4, step 6 in F# (book cells [146]-[189]): fit a quadratic to a roller coaster's noisy speed with SGD.
// Seed 5 starts as far off as the book's parameters, so the panels show the curve coming in (as the C# twin).
// Run: dotnet build scripting-host -c Release && dotnet build fsharp/Mnist.Scripting.FSharp -c Release &&
//      dotnet fsi scripts/fsharp/06_roller_coaster.fsx
// %% [markdown]
// # Step 6 in F#
//
// Book cells [146]-[189]: fit a quadratic to a roller coaster's noisy speed with SGD.
//
// All seven steps of gradient descent on a problem small enough to watch: noisy speeds of a roller coaster over
// 20 seconds, fitted with a quadratic a*t^2 + b*t + c. We start from random parameters, compute predictions, a
// loss and its gradient, step, and repeat, printing the loss each time. It follows book cells [146]-[189]; the
// data is random, so our numbers differ from the book's but should follow the same curve.
// %%
#load "common.fsx"
open Mnist.Scripting.FSharp
open Mnist.Scripting.Dsl

// %%
Tensor.manualSeed 5L
let time = Tensor.arangeFrom 0 20 |> Tensor.float
printfn "%O" time
let speed = Tensor.randn [ 20 ] * 3.0 + 0.75 * (time - 9.5) ** 2.0 + 1.0
Prelude.Scatter(time, speed, "speed", "time", "speed") |> ignore

// %%
/// a*t**2 + b*t + c, the parameters in one tensor.
let f (t: Tensor) (p: Tensor) = p[0] * t ** 2.0 + p[1] * t + p[2]
let mse (preds: Tensor) targets = (preds - targets) ** 2.0 |> Tensor.mean

// %%
let parameters = Tensor.randn [ 3 ] |> Tensor.requiresGrad
let orig = parameters |> Tensor.clone |> Tensor.detach

// %%
let showPreds (panel: Panel) preds =
    panel.Points(time, speed).Points(time, Tensor.detach preds, color = "red").YLim(-300.0, 100.0) |> ignore

// %%
let preds = f time parameters
showPreds (Panel().Title "initial predictions") preds
let loss = mse preds speed
printfn "%O" loss
Tensor.backward loss
printfn "%O" parameters.Grad
printfn "%O" (parameters.Grad * 1e-5)
printfn "%O" parameters

// %%
let lr = 1e-5
do
    use _ = noGrad ()
    parameters -= lr * parameters.Grad              // params.data -= lr * params.grad.data
parameters.Grad <- null
printfn "%O" (mse (f time parameters) speed)

// %%
/// One step of SGD on p: predictions and loss before the step.
let applyStep (p: Tensor) =
    let preds = f time p
    let loss = mse preds speed
    Tensor.backward loss
    do
        use _ = noGrad ()
        p -= lr * p.Grad
    p.Grad <- null
    preds, Tensor.item loss

// %%
let tenSteps = [| for _ in 1..10 -> applyStep parameters |> snd |]
for l in tenSteps do printfn "%.3f" l

// %%
// The book's 1x4 snapshots: predictions after 0, 1, 2 and 3 more steps, from the original parameters.
let fromOrig = orig |> Tensor.clone |> Tensor.requiresGrad
let fig = Prelude.Subplots(1, 4, 1200, 300)
for i in 0..3 do showPreds fig[i] (applyStep fromOrig |> fst)
fig.Save "roller_coaster_steps" |> ignore

// %%
report "time" time
report "losses_decreasing_steps" (tenSteps |> Array.pairwise |> Array.filter (fun (before, after) -> after < before) |> Array.length)
report "loss_first" tenSteps[0]
report "loss_last" (Array.last tenSteps)
