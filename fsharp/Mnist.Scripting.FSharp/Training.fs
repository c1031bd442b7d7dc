// The Learner, optimizers, losses and metrics with F# functions: no lambdas or delegates needed.
namespace Mnist.Scripting.FSharp

open System
open System.Collections.Generic
open Mnist.Scripting
open Mnist.Scripting.Data
open Mnist.Scripting.NN
open Mnist.Scripting.Optim
open Mnist.Scripting.Training

/// Losses as functions of `(predictions, targets)`, tupled as torch.nn.functional writes them, so the two tensors
/// cannot be swapped by a pipe or a missing pair of brackets: `Loss.mnistLoss (model xb, yb)`.
module Loss =
    let mnistLoss (predictions: Tensor, targets: Tensor) = F.MnistLoss(predictions, targets)
    let mseLoss (input: Tensor, target: Tensor) = F.MseLoss(input, target)
    let l1Loss (input: Tensor, target: Tensor) = F.L1Loss(input, target)
    let binaryCrossEntropy (input: Tensor, target: Tensor) = F.BinaryCrossEntropy(input, target)
    let crossEntropy (input: Tensor, target: Tensor) = F.CrossEntropy(input, target)
    let nllLoss (input: Tensor, target: Tensor) = F.NllLoss(input, target)

/// Metrics for the Learner's table, named as fastai names them.
module Metrics =
    /// The book's batch_accuracy (column "batch_accuracy").
    let batchAccuracy = Metric.BatchAccuracy
    /// fastai's accuracy for class scores (column "accuracy").
    let accuracy = Metric.Accuracy
    /// A metric from an F# function of (predictions, targets), with its column name: `Metrics.create "mse" Loss.mseLoss`.
    let create (name: string) (f: Tensor * Tensor -> Tensor) = Metric(name, Func<_, _, _>(fun p t -> f (p, t)))

/// Optimizer factories for `learner`: `Sgd.create` is fastai's opt_func=SGD.
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Sgd =
    let create (parameters: seq<Tensor>) (lr: float) : Optimizer = new Optim.Sgd(parameters, lr)
    /// SGD with momentum: `learner dls net (Sgd.withMomentum 0.9) ...`.
    let withMomentum (momentum: float) (parameters: seq<Tensor>) (lr: float) : Optimizer = new Optim.Sgd(parameters, lr, momentum = momentum)

[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Adam =
    let create (parameters: seq<Tensor>) (lr: float) : Optimizer = new Optim.Adam(parameters, lr)

/// AdamW (Adam with decoupled weight decay, 0.01 by default): fastai's default optimizer.
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module AdamW =
    let create (parameters: seq<Tensor>) (lr: float) : Optimizer = new Optim.AdamW(parameters, lr)
    /// AdamW with a chosen weight decay: `learner dls net (AdamW.withWeightDecay 0.1) ...`.
    let withWeightDecay (weightDecay: float) (parameters: seq<Tensor>) (lr: float) : Optimizer =
        new Optim.AdamW(parameters, lr, weightDecay = weightDecay)

[<AutoOpen>]
module ModuleFunctions =
    /// model.parameters(): the weights and biases in registration order: `let w, b = (parameters m)[0], (parameters m)[1]`.
    let parameters (model: Module) = model.Parameters()

    /// The model as an F# function, model(x) in PyTorch: `validateEpoch (forward linearModel)`, `forward net xb`
    /// (or `xb --> net`).
    let forward (model: Module) (x: Tensor) = model.Forward x

[<AutoOpen>]
module LearnerFunctions =
    /// fastai's Learner(dls, model, opt_func, loss_func, metrics):
    /// `learner dls net Sgd.create Loss.mnistLoss [Metrics.batchAccuracy]`.
    let learner (dls: DataLoaders) (model: Module) (optFunc: seq<Tensor> -> float -> Optimizer)
                (lossFunc: Tensor * Tensor -> Tensor) (metrics: Metric list) =
        Learner(dls, model, Func<IEnumerable<Tensor>, float, Optimizer>(fun ps lr -> optFunc ps lr),
                Func<Tensor, Tensor, Tensor>(fun p t -> lossFunc (p, t)), (List.toArray metrics :> IReadOnlyList<Metric>))

    /// learn.fit(epochs, lr), printing the table; the values stay in learn.Recorder.
    let fit (epochs: int) (lr: float) (learn: Learner) = learn.Fit(epochs, lr) |> ignore

    /// learn.fit_one_cycle(epochs, lr_max): the one-cycle schedule, fastai's defaults (div 25, pct_start 0.25).
    let fitOneCycle (epochs: int) (lrMax: float) (learn: Learner) = learn.FitOneCycle(epochs, lrMax) |> ignore

    /// learn.lr_find(): the range test, model and optimizer put back; its valley and steep suggestions.
    let lrFind (learn: Learner) = learn.LrFind()

    /// learn.summary(): each layer's output shape and parameter count on one training batch.
    let summary (learn: Learner) = learn.Summary()

    /// DataLoaders from training and validation loaders.
    let dataLoaders (train: DataLoader) (valid: DataLoader) = DataLoaders(train, valid)
