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

    /// Plots f over [-2, 2] with a title: `plotFunction "x**2" (fun x -> x ** 2.0)`.
    let plotFunction (title: string) (f: Tensor -> Tensor) = Prelude.PlotFunction(Func<Tensor, Tensor> f, title)

    /// Plots f over [min, max].
    let plotFunctionOver (title: string) (min: float) (max: float) (f: Tensor -> Tensor) =
        Prelude.PlotFunction(Func<Tensor, Tensor> f, title, min, max)

    /// A line chart of values (a loss curve).
    let plotLine (title: string) (values: seq<float>) = Prelude.PlotLine(values, title)

    /// A 28x28 (or any 2-d) tensor as a picture: fastai's show_image.
    let showImage (image: Tensor) = Prelude.ShowImage image

    /// A 2-d tensor as a table of shaded numbers.
    let showHeatmap (table: Tensor) = Prelude.ShowHeatmap table
