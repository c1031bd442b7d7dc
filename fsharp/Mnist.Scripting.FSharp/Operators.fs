// Operators F# lacks for tensors: in-place updates that return unit, elementwise comparisons, and `-->` (a model on a
// batch). Powers are FSharp.Core's own ** and pown, which find Tensor's static Pow and One.
// Each resolves its right-hand side (tensor or number) through a witness type's overloads, since let-bound
// operators cannot be overloaded.
namespace Mnist.Scripting.FSharp

open Mnist.Scripting

/// Overloads behind the operators; not meant to be called directly.
type TensorWitness =
    static member SubIn(t: Tensor, d: Tensor) = t.SubInPlace d |> ignore
    static member SubIn(t: Tensor, d: float) = t.SubInPlace d |> ignore
    static member SubIn(t: Tensor, d: int) = t.SubInPlace(int64 d) |> ignore
    static member AddIn(t: Tensor, d: Tensor) = t.AddInPlace d |> ignore
    static member AddIn(t: Tensor, d: float) = t.AddInPlace d |> ignore
    static member AddIn(t: Tensor, d: int) = t.AddInPlace(int64 d) |> ignore
    static member MulIn(t: Tensor, d: Tensor) = t.MulInPlace d |> ignore
    static member MulIn(t: Tensor, d: float) = t.MulInPlace d |> ignore
    static member MulIn(t: Tensor, d: int) = t.MulInPlace(int64 d) |> ignore
    static member DivIn(t: Tensor, d: Tensor) = t.DivInPlace d |> ignore
    static member DivIn(t: Tensor, d: float) = t.DivInPlace d |> ignore
    static member DivIn(t: Tensor, d: int) = t.DivInPlace(float d) |> ignore

    static member Gt(a: Tensor, b: Tensor) = a.Gt b
    static member Gt(a: Tensor, b: float) = a.Gt b
    static member Gt(a: float, b: Tensor) = b.Lt a
    static member Gt(a: Tensor, b: int) = a.Gt(float b)
    static member Gt(a: int, b: Tensor) = b.Lt(float a)
    static member Lt(a: Tensor, b: Tensor) = a.Lt b
    static member Lt(a: Tensor, b: float) = a.Lt b
    static member Lt(a: float, b: Tensor) = b.Gt a
    static member Lt(a: Tensor, b: int) = a.Lt(float b)
    static member Lt(a: int, b: Tensor) = b.Gt(float a)
    static member Ge(a: Tensor, b: Tensor) = a.Ge b
    static member Ge(a: Tensor, b: float) = a.Ge b
    static member Ge(a: float, b: Tensor) = b.Le a
    static member Ge(a: Tensor, b: int) = a.Ge(float b)
    static member Ge(a: int, b: Tensor) = b.Le(float a)
    static member Le(a: Tensor, b: Tensor) = a.Le b
    static member Le(a: Tensor, b: float) = a.Le b
    static member Le(a: float, b: Tensor) = b.Ge a
    static member Le(a: Tensor, b: int) = a.Le(float b)
    static member Le(a: int, b: Tensor) = b.Ge(float a)
    static member Eq(a: Tensor, b: Tensor) = a.Eq b
    static member Eq(a: Tensor, b: float) = a.Eq b
    static member Eq(a: float, b: Tensor) = b.Eq a
    static member Eq(a: Tensor, b: int) = a.Eq b
    static member Eq(a: int, b: Tensor) = b.Eq a
    static member Ne(a: Tensor, b: Tensor) = a.Ne b
    static member Ne(a: Tensor, b: float) = a.Ne b
    static member Ne(a: float, b: Tensor) = b.Ne a
    static member Ne(a: Tensor, b: int) = a.Ne b
    static member Ne(a: int, b: Tensor) = b.Ne a

[<AutoOpen>]
module Operators =
    let inline private subIn (_: ^W) (t: Tensor) (d: ^D) = ((^W or ^D) : (static member SubIn: Tensor * ^D -> unit) (t, d))
    let inline private addIn (_: ^W) (t: Tensor) (d: ^D) = ((^W or ^D) : (static member AddIn: Tensor * ^D -> unit) (t, d))
    let inline private mulIn (_: ^W) (t: Tensor) (d: ^D) = ((^W or ^D) : (static member MulIn: Tensor * ^D -> unit) (t, d))
    let inline private divIn (_: ^W) (t: Tensor) (d: ^D) = ((^W or ^D) : (static member DivIn: Tensor * ^D -> unit) (t, d))
    let inline private gt (_: ^W) (a: ^A) (b: ^B) = ((^W or ^A or ^B) : (static member Gt: ^A * ^B -> Tensor) (a, b))
    let inline private lt (_: ^W) (a: ^A) (b: ^B) = ((^W or ^A or ^B) : (static member Lt: ^A * ^B -> Tensor) (a, b))
    let inline private ge (_: ^W) (a: ^A) (b: ^B) = ((^W or ^A or ^B) : (static member Ge: ^A * ^B -> Tensor) (a, b))
    let inline private le (_: ^W) (a: ^A) (b: ^B) = ((^W or ^A or ^B) : (static member Le: ^A * ^B -> Tensor) (a, b))
    let inline private eq (_: ^W) (a: ^A) (b: ^B) = ((^W or ^A or ^B) : (static member Eq: ^A * ^B -> Tensor) (a, b))
    let inline private ne (_: ^W) (a: ^A) (b: ^B) = ((^W or ^A or ^B) : (static member Ne: ^A * ^B -> Tensor) (a, b))

    /// In place, returning unit (torch's w -= w.grad * lr, i.e. w.sub_(...)): `w -= w.Grad * lr` or `w -= 0.5`.
    let inline (-=) (t: Tensor) d = subIn Unchecked.defaultof<TensorWitness> t d
    /// In place add (torch's t += d, t.add_(d)).
    let inline (+=) (t: Tensor) d = addIn Unchecked.defaultof<TensorWitness> t d
    /// In place multiply (torch's t *= d, t.mul_(d)).
    let inline ( *= ) (t: Tensor) d = mulIn Unchecked.defaultof<TensorWitness> t d
    /// In place divide (torch's t /= d, t.div_(d)).
    let inline (/=) (t: Tensor) d = divIn Unchecked.defaultof<TensorWitness> t d

    /// Elementwise a > b as a Bool tensor (torch's a > b); F#'s own > is structural comparison returning bool.
    let inline (.>) a b = gt Unchecked.defaultof<TensorWitness> a b
    /// Elementwise a < b (torch's a < b).
    let inline (.<) a b = lt Unchecked.defaultof<TensorWitness> a b
    /// Elementwise a >= b (torch's a >= b).
    let inline (.>=) a b = ge Unchecked.defaultof<TensorWitness> a b
    /// Elementwise a <= b (torch's a <= b).
    let inline (.<=) a b = le Unchecked.defaultof<TensorWitness> a b
    /// Elementwise a == b (torch's a == b).
    let inline (.=) a b = eq Unchecked.defaultof<TensorWitness> a b
    /// Elementwise a != b (torch's a != b).
    let inline (.<>) a b = ne Unchecked.defaultof<TensorWitness> a b

    /// A model applied to a batch (DiffSharp's form): `xb --> model` is model(xb), since a .NET object cannot be
    /// applied like an F# function.
    let inline (-->) (x: Tensor) (model: Mnist.Scripting.NN.Module) = model.Forward x
