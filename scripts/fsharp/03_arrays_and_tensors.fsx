// Chapter 4, step 3 in F# (book cells [65]-[79]): a tensor from nested lists, indexing and slicing, type promotion.
// Run: dotnet build scripting-host -c Release && dotnet build fsharp/Mnist.Scripting.FSharp -c Release &&
//      dotnet fsi scripts/fsharp/03_arrays_and_tensors.fsx
// %% [markdown]
// # Step 3 in F#
//
// Book cells [65]-[79]: a tensor from nested lists, indexing and slicing, type promotion.
//
// A short tour of the tensor itself, on a 2x3 table of small integers: how it prints, how to pick a row, a
// column or part of a row, and what happens to the element type when an integer tensor meets a float. These are
// the operations every later step is built from. It follows book cells [65]-[79].
// %%
#load "common.fsx"
open Mnist.Scripting.FSharp

// %%
let tns = tensor [ [ 1; 2; 3 ]; [ 4; 5; 6 ] ]        // tns = tensor(data): ints make a LongTensor
printfn "%O" tns
printfn "%O" tns[1]                                 // tns[1]
printfn "%O" tns[*, 1]                              // tns[:,1]
printfn "%O" tns[1, 1..2]                           // tns[1,1:3]: F# ranges include their end
printfn "%O" (tns + 1)
printfn "%s" (Tensor.typeName tns)
printfn "%O" (tns * 1.5)                            // an int tensor times a float is float, printed with 4 decimals

// %%
// The questionnaire's exercise: a 3x3 tensor of 1..9, doubled, then its bottom-right four numbers.
let nine = (Tensor.arangeFrom 1 10 |> Tensor.view [ 3; 3 ]) * 2
printfn "%O" nine[1.., 1..]

// %%
report "tns" tns
report "tns_1" tns[1]
report "tns_col_1" tns[*, 1]
report "tns_1_1_3" tns[1, 1..2]
report "tns_plus_1" (tns + 1)
report "tns_type" (Tensor.typeName tns)
report "tns_times_1_5" (tns * 1.5)
