// The library's types under short names, so `open Mnist.Scripting.FSharp` alone is enough for a script.
namespace Mnist.Scripting.FSharp

[<AutoOpen>]
module Types =
    type Tensor = Mnist.Scripting.Tensor
    type Size = Mnist.Scripting.Size
    type DType = Mnist.Scripting.DType
    type Device = Mnist.Scripting.Device
    type F = Mnist.Scripting.NN.F
    type Module = Mnist.Scripting.NN.Module
    type Linear = Mnist.Scripting.NN.Linear
    type Sequential = Mnist.Scripting.NN.Sequential
    type ReLU = Mnist.Scripting.NN.ReLU
    type Sigmoid = Mnist.Scripting.NN.Sigmoid
    type Flatten = Mnist.Scripting.NN.Flatten
    type Dropout = Mnist.Scripting.NN.Dropout
    type Conv2d = Mnist.Scripting.NN.Conv2d
    type MaxPool2d = Mnist.Scripting.NN.MaxPool2d
    type Lambda = Mnist.Scripting.NN.Lambda
    type Safetensors = Mnist.Scripting.NN.Safetensors
    type Recorder = Mnist.Scripting.Training.Recorder
    type Learner = Mnist.Scripting.Training.Learner
    type Metric = Mnist.Scripting.Training.Metric
    type Optimizer = Mnist.Scripting.Optim.Optimizer
    type DataLoader = Mnist.Scripting.Data.DataLoader
    type DataLoaders = Mnist.Scripting.Data.DataLoaders
    type Dataset = Mnist.Scripting.Data.Dataset
    type TensorDataset = Mnist.Scripting.Data.TensorDataset
    type Datasets = Mnist.Scripting.Data.Datasets
    type Urls = Mnist.Scripting.Data.Urls
    type DataPath = Mnist.Scripting.Data.DataPath
    type PathList = Mnist.Scripting.Data.PathList
    type Images = Mnist.Scripting.Data.Images
