// The charts, pictures and Report of Mnist.Scripting.Dsl without `open type`: F#-cased functions for the common
// cases, and `Prelude` for every option (Prelude.PlotFunction(f, "x**2", markX = -1.5)).
namespace Mnist.Scripting.FSharp

open System
open Mnist.Scripting
open Mnist.Scripting.Dsl

/// Overloads behind `report`; not meant to be called directly.
type ReportWitness =
    static member Report(name: string, value: Tensor) = Prelude.Report(name, value)
    static member Report(name: string, value: float) = Prelude.Report(name, value)
    static member Report(name: string, value: float32) = Prelude.Report(name, value)
    static member Report(name: string, value: int) = Prelude.Report(name, int64 value)
    static member Report(name: string, value: int64) = Prelude.Report(name, value)
    static member Report(name: string, value: string) = Prelude.Report(name, value)

[<AutoOpen>]
module Dsl =
    type Prelude = Mnist.Scripting.Dsl.Prelude
    type Chart = Mnist.Scripting.Dsl.Chart
    type Figure = Mnist.Scripting.Dsl.Figure

    let inline private report' (_: ^W) (name: string) (value: ^V) = ((^W or ^V) : (static member Report: string * ^V -> unit) (name, value))

    /// A `#report name value` line the tests read: `report "loss" loss` (tensor, float, int or string).
    let inline report name value = report' Unchecked.defaultof<ReportWitness> name value

    // The functions below return unit, as fastai's plot_function and show_image do, so a chart inside a loop or
    // before another line needs no `|> ignore` (no FS0020); each chart still shows (a notebook cell, the terminal) and
    // is saved under plots/. `Prelude.PlotFunction(...)` returns the Chart for every option.

    /// fastbook's plot_function(f, tx, ty): f over [-2, 2] with the book's axis labels,
    /// `plotFunction (fun x -> x ** 2.0) "x" "x**2"`.
    let plotFunction (f: Tensor -> Tensor) (tx: string) (ty: string) =
        Prelude.PlotFunction(Func<Tensor, Tensor> f, ty, xLabel = tx, yLabel = ty) |> ignore

    /// plot_function(f, tx, ty, min=min, max=max): `plotFunctionOver -4.0 4.0 Tensor.sigmoid "x" "sigmoid(x)"`.
    let plotFunctionOver (min: float) (max: float) (f: Tensor -> Tensor) (tx: string) (ty: string) =
        Prelude.PlotFunction(Func<Tensor, Tensor> f, ty, min, max, tx, ty) |> ignore

    /// The book's plot_function then plt.scatter(x, f(x), color='red'): f over [-2, 2] with the point at x marked,
    /// titled "x**2 at -1.5": `plotFunctionMarked -1.5 f "x" "x**2"`.
    let plotFunctionMarked (x: float) (f: Tensor -> Tensor) (tx: string) (ty: string) =
        Prelude.PlotFunction(Func<Tensor, Tensor> f, sprintf "%s at %g" ty x, -2.0, 2.0, tx, ty, markX = x) |> ignore

    /// A line chart of values (a loss curve).
    let plotLine (title: string) (values: seq<float>) = Prelude.PlotLine(values, title) |> ignore

    /// A line chart with axis labels: `plotLineLabeled "accuracy" "epoch" "accuracy" accs`.
    let plotLineLabeled (title: string) (xLabel: string) (yLabel: string) (values: seq<float>) =
        Prelude.PlotLine(values, title, xLabel, yLabel) |> ignore

    /// learn.recorder.plot_loss(): the smoothed training loss per batch and the validation loss per epoch.
    let plotLoss (learn: Mnist.Scripting.Training.Learner) = learn.Recorder.PlotLoss() |> ignore

    /// learn.recorder.plot_lr_find() after `lrFind`: loss against a log learning rate, the suggestions marked.
    let plotLrFind (suggestions: Mnist.Scripting.Training.SuggestedLrs) (learn: Mnist.Scripting.Training.Learner) =
        learn.Recorder.PlotLrFind(suggestions) |> ignore

    /// learn.recorder.plot_sched(): the learning rate and momentum of every batch of the last fit.
    let plotSched (learn: Mnist.Scripting.Training.Learner) = learn.Recorder.PlotSched() |> ignore

    /// A 28x28 (or any 2-d) tensor as a picture: fastai's show_image.
    let showImage (image: Tensor) = Prelude.ShowImage image |> ignore

    /// show_image(im, title=...): the title heads the picture and names its file under plots/.
    let showImageTitled (title: string) (image: Tensor) = Prelude.ShowImage(image, title) |> ignore

    /// A 2-d tensor as a table of shaded numbers.
    let showHeatmap (table: Tensor) = Prelude.ShowHeatmap table |> ignore

    /// A heatmap with a title, which also names its file under plots/.
    let showHeatmapTitled (title: string) (table: Tensor) = Prelude.ShowHeatmap(table, title) |> ignore

    /// Shows a value as a cell result and records it for the regression suite (the C# scripts' Show):
    /// `show "accuracy_3s" acc3`. Outside a notebook it prints the value and its #report line.
    let show (name: string) (value: obj) = Prelude.Show(name, value)
