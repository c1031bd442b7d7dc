// F# slice syntax for tensors: t.[a..b], t.[i, a..b], t.[.., 1..3, 0] and so on up to four dimensions.
// F# slices are inclusive, Tensor.Slice takes Python's exclusive end: t.[4..9] is torch's t[4:10]. A negative end
// counts from the back and is inclusive too, so t.[..-1] is everything and t.[..-2] drops the last element.
namespace Mnist.Scripting.FSharp

open System
open Mnist.Scripting

/// One dimension of an F# slice: a fixed index or a range.
type internal SlicePart =
    | At of int
    | Range of int option * int option

module internal SliceLogic =
    let stop (finish: int option) =
        match finish with
        | Some -1 | None -> Nullable()
        | Some e -> Nullable(e + 1)

    /// Applies the parts left to right; an index removes its dimension, so later parts shift down.
    let apply (t: Tensor) (parts: SlicePart list) =
        let mutable r = t
        let mutable dim = 0
        for p in parts do
            match p with
            | At i -> r <- r.Select(dim, i)
            | Range (s, e) ->
                r <- r.Slice(dim, Option.toNullable s, stop e)
                dim <- dim + 1
        r

[<AutoOpen>]
module Slicing =
    type Tensor with
        /// t.[s0..e0]
        member t.GetSlice(s0: int option, e0: int option) = SliceLogic.apply t [Range(s0, e0)]
        /// t.[i0, s1..e1]
        member t.GetSlice(i0: int, s1: int option, e1: int option) = SliceLogic.apply t [At i0; Range(s1, e1)]
        /// t.[s0..e0, i1]
        member t.GetSlice(s0: int option, e0: int option, i1: int) = SliceLogic.apply t [Range(s0, e0); At i1]
        /// t.[s0..e0, s1..e1]
        member t.GetSlice(s0: int option, e0: int option, s1: int option, e1: int option) = SliceLogic.apply t [Range(s0, e0); Range(s1, e1)]
        /// t.[i0, i1, s2..e2]
        member t.GetSlice(i0: int, i1: int, s2: int option, e2: int option) = SliceLogic.apply t [At i0; At i1; Range(s2, e2)]
        /// t.[i0, s1..e1, i2]
        member t.GetSlice(i0: int, s1: int option, e1: int option, i2: int) = SliceLogic.apply t [At i0; Range(s1, e1); At i2]
        /// t.[i0, s1..e1, s2..e2]
        member t.GetSlice(i0: int, s1: int option, e1: int option, s2: int option, e2: int option) = SliceLogic.apply t [At i0; Range(s1, e1); Range(s2, e2)]
        /// t.[s0..e0, i1, i2]
        member t.GetSlice(s0: int option, e0: int option, i1: int, i2: int) = SliceLogic.apply t [Range(s0, e0); At i1; At i2]
        /// t.[s0..e0, i1, s2..e2]
        member t.GetSlice(s0: int option, e0: int option, i1: int, s2: int option, e2: int option) = SliceLogic.apply t [Range(s0, e0); At i1; Range(s2, e2)]
        /// t.[s0..e0, s1..e1, i2]
        member t.GetSlice(s0: int option, e0: int option, s1: int option, e1: int option, i2: int) = SliceLogic.apply t [Range(s0, e0); Range(s1, e1); At i2]
        /// t.[s0..e0, s1..e1, s2..e2]
        member t.GetSlice(s0: int option, e0: int option, s1: int option, e1: int option, s2: int option, e2: int option) = SliceLogic.apply t [Range(s0, e0); Range(s1, e1); Range(s2, e2)]
        /// t.[i0, i1, i2, s3..e3]
        member t.GetSlice(i0: int, i1: int, i2: int, s3: int option, e3: int option) = SliceLogic.apply t [At i0; At i1; At i2; Range(s3, e3)]
        /// t.[i0, i1, s2..e2, i3]
        member t.GetSlice(i0: int, i1: int, s2: int option, e2: int option, i3: int) = SliceLogic.apply t [At i0; At i1; Range(s2, e2); At i3]
        /// t.[i0, i1, s2..e2, s3..e3]
        member t.GetSlice(i0: int, i1: int, s2: int option, e2: int option, s3: int option, e3: int option) = SliceLogic.apply t [At i0; At i1; Range(s2, e2); Range(s3, e3)]
        /// t.[i0, s1..e1, i2, i3]
        member t.GetSlice(i0: int, s1: int option, e1: int option, i2: int, i3: int) = SliceLogic.apply t [At i0; Range(s1, e1); At i2; At i3]
        /// t.[i0, s1..e1, i2, s3..e3]
        member t.GetSlice(i0: int, s1: int option, e1: int option, i2: int, s3: int option, e3: int option) = SliceLogic.apply t [At i0; Range(s1, e1); At i2; Range(s3, e3)]
        /// t.[i0, s1..e1, s2..e2, i3]
        member t.GetSlice(i0: int, s1: int option, e1: int option, s2: int option, e2: int option, i3: int) = SliceLogic.apply t [At i0; Range(s1, e1); Range(s2, e2); At i3]
        /// t.[i0, s1..e1, s2..e2, s3..e3]
        member t.GetSlice(i0: int, s1: int option, e1: int option, s2: int option, e2: int option, s3: int option, e3: int option) = SliceLogic.apply t [At i0; Range(s1, e1); Range(s2, e2); Range(s3, e3)]
        /// t.[s0..e0, i1, i2, i3]
        member t.GetSlice(s0: int option, e0: int option, i1: int, i2: int, i3: int) = SliceLogic.apply t [Range(s0, e0); At i1; At i2; At i3]
        /// t.[s0..e0, i1, i2, s3..e3]
        member t.GetSlice(s0: int option, e0: int option, i1: int, i2: int, s3: int option, e3: int option) = SliceLogic.apply t [Range(s0, e0); At i1; At i2; Range(s3, e3)]
        /// t.[s0..e0, i1, s2..e2, i3]
        member t.GetSlice(s0: int option, e0: int option, i1: int, s2: int option, e2: int option, i3: int) = SliceLogic.apply t [Range(s0, e0); At i1; Range(s2, e2); At i3]
        /// t.[s0..e0, i1, s2..e2, s3..e3]
        member t.GetSlice(s0: int option, e0: int option, i1: int, s2: int option, e2: int option, s3: int option, e3: int option) = SliceLogic.apply t [Range(s0, e0); At i1; Range(s2, e2); Range(s3, e3)]
        /// t.[s0..e0, s1..e1, i2, i3]
        member t.GetSlice(s0: int option, e0: int option, s1: int option, e1: int option, i2: int, i3: int) = SliceLogic.apply t [Range(s0, e0); Range(s1, e1); At i2; At i3]
        /// t.[s0..e0, s1..e1, i2, s3..e3]
        member t.GetSlice(s0: int option, e0: int option, s1: int option, e1: int option, i2: int, s3: int option, e3: int option) = SliceLogic.apply t [Range(s0, e0); Range(s1, e1); At i2; Range(s3, e3)]
        /// t.[s0..e0, s1..e1, s2..e2, i3]
        member t.GetSlice(s0: int option, e0: int option, s1: int option, e1: int option, s2: int option, e2: int option, i3: int) = SliceLogic.apply t [Range(s0, e0); Range(s1, e1); Range(s2, e2); At i3]
        /// t.[s0..e0, s1..e1, s2..e2, s3..e3]
        member t.GetSlice(s0: int option, e0: int option, s1: int option, e1: int option, s2: int option, e2: int option, s3: int option, e3: int option) = SliceLogic.apply t [Range(s0, e0); Range(s1, e1); Range(s2, e2); Range(s3, e3)]
