// Loaded by the F# twins of the chapter scripts (#load "common.fsx"; open Common): references the built library and adds F# slice syntax for tensors.
// Build first: dotnet build scripting-host -c Release (its bin folder holds core, the DSL and their packages).
#I "../../scripting-host/bin/Release/net10.0"
#r "Mnist.Scripting.Core.dll"
#r "Mnist.Scripting.Dsl.dll"
open System
open Mnist.Scripting

// F# slices call GetSlice with int options and an inclusive end; Tensor.Slice takes Python's exclusive end.
// So im3[4..9, 4..9] here is the book's im3[4:10,4:10]; a ..-1 end means "through the last element".
let private stop (finish: int option) = match finish with Some e when e <> -1 -> Nullable(e + 1) | _ -> Nullable()

type Tensor with
    /// t[a..b] on the first dimension.
    member t.GetSlice(start: int option, finish: int option) = t.Slice(0, Option.toNullable start, stop finish)
    /// t[a..b, c..d].
    member t.GetSlice(start0: int option, finish0: int option, start1: int option, finish1: int option) =
        t.Slice(0, Option.toNullable start0, stop finish0).Slice(1, Option.toNullable start1, stop finish1)
    /// t[i, c..d]: row i, then a slice of it.
    member t.GetSlice(index0: int, start1: int option, finish1: int option) =
        t.[index0].Slice(0, Option.toNullable start1, stop finish1)
