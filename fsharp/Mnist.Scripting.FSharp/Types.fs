// The library's types under short names, so `open Mnist.Scripting.FSharp` alone is enough for a script.
namespace Mnist.Scripting.FSharp

[<AutoOpen>]
module Types =
    type Tensor = Mnist.Scripting.Tensor
    type Size = Mnist.Scripting.Size
    type DType = Mnist.Scripting.DType
    type Device = Mnist.Scripting.Device
    type Ops = Mnist.Scripting.Ops
    type F = Mnist.Scripting.NN.F
    type Linear = Mnist.Scripting.NN.Linear
    type Sequential = Mnist.Scripting.NN.Sequential
    type ReLU = Mnist.Scripting.NN.ReLU
    type Learner = Mnist.Scripting.Training.Learner
    type Metric = Mnist.Scripting.Training.Metric
    type Optimizer = Mnist.Scripting.Optim.Optimizer
    type DataLoader = Mnist.Scripting.Data.DataLoader
    type DataLoaders = Mnist.Scripting.Data.DataLoaders
    type Dataset = Mnist.Scripting.Data.Dataset
