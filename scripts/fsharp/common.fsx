// Loaded by the F# twins of the chapter scripts (#load "common.fsx"; open Mnist.Scripting.FSharp): references the
// built library and its F# front end, and makes fsi echo tensors and shapes as PyTorch prints them.
// Build first: dotnet build scripting-host -c Release && dotnet build fsharp/Mnist.Scripting.FSharp -c Release
// (the host's bin folder holds core, the DSL and their packages).
#I "../../scripting-host/bin/Release/net10.0"
#r "Mnist.Scripting.Core.dll"
#r "Mnist.Scripting.Dsl.dll"
#r "../../fsharp/Mnist.Scripting.FSharp/bin/Release/net10.0/Mnist.Scripting.FSharp.dll"

// A Size is a sequence of ints, so fsi would echo `seq [12396; 784]`; this shows torch.Size([12396, 784]).
// (In printfn, "%O" uses ToString for both; "%A" does for a Tensor but not for a Size.)
fsi.AddPrinter<Mnist.Scripting.Size>(fun s -> s.ToString())
fsi.AddPrinter<Mnist.Scripting.Tensor>(fun t -> t.ToString())
