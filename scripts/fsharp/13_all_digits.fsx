// Beyond the chapter in F# ("Further research" [347]): every step of the chapter again, on all ten digits.
// Run: dotnet build scripting-host -c Release && dotnet build fsharp/Mnist.Scripting.FSharp -c Release &&
//      dotnet fsi scripts/fsharp/13_all_digits.fsx
// %% [markdown]
// # Step 13 in F#
//
// The chapter's second research exercise, walked the chapter's own way: the pixel-similarity baseline with ten mean
// digits, a linear model and a simple net trained by hand with SGD, then the same through the Learner, and a
// Learner written from scratch checked against ours. Ten classes change two things. A model gives ten numbers per
// image instead of one, and `mnist_loss` no longer fits: it asks how far one sigmoid is from 0 or 1, a yes/no
// question, while here the question is "which of ten". Softmax turns the ten outputs into probabilities that add
// up to 1 (exponentials, each divided by their sum), so raising one class's score lowers the others'; the loss is
// then minus the log of the probability given to the right digit: cross-entropy. The chapter ends with fastai's
// tools (a learning-rate finder, the one-cycle schedule, a summary), used here at the end.
// %%
#load "common.fsx"
open Mnist.Scripting.FSharp
open Mnist.Scripting.Data
open Mnist.Scripting.NN

// %%
let trainImages, trainLabels = FullMnist.train ()
let testImages, testLabels = FullMnist.test ()
let trainX = (trainImages |> Tensor.float) / 255.0
let testX = (testImages |> Tensor.float) / 255.0
printfn "%O %O" trainX.Shape testX.Shape

// %% [markdown]
// ## The baseline: ten mean digits
//
// The chapter's "ideal" 3 and 7 become ten ideal digits: the mean of every training image of each digit.

// %%
let means = [| for d in 0L .. 9L -> trainX[trainLabels.Eq d].Mean(0) |]
Prelude.ShowImage(Tensor.Cat(means, 1), "the ten mean digits", 840, 84) |> ignore

// %% [markdown]
// An image is called the digit whose mean it is closest to, by the chapter's `mnist_distance`, broadcast over the
// ten means: [n, 1, 28, 28] against [10, 28, 28] gives [n, 10] distances, 1,000 images at a time.

// %%
let mnistDistance (a: Tensor) (b: Tensor) = (a - b).Abs().Mean(-1, -2)
let allMeans = Tensor.Stack means
let nearest =
    [ for i in 0 .. 1000 .. 9000 ->
        let distances = mnistDistance (testX[i .. i + 999].Unsqueeze 1) allMeans
        distances.ArgMin(1).Eq(testLabels[i .. i + 999]).Sum().Item<int64>() ]
    |> List.sum
let baselineAccuracy = float nearest / 10000.0
printfn "%g" baselineAccuracy

// %% [markdown]
// ## Softmax and cross-entropy, written out

// %%
let softmax (x: Tensor) =
    let e = (x - x.Amax(1, keepDim = true)).Exp()
    e / e.Sum([| 1 |], keepDim = true)
let crossEntropy (preds: Tensor, targets: Tensor) =
    let right = Tensor.Arange(10).Eq(targets.Unsqueeze 1)        // one-hot rows: true at each image's digit
    -Tensor.Where(right, (softmax preds).Log(), 0.0).Sum(1).Mean()
let scores = Tensor.Of(array2D [ [ 2.0; 1.0; 0.1; 0.0; 0.0; 0.0; 0.0; 0.0; 0.0; 0.0 ]; [ 0.0; 0.0; 0.0; 0.0; 0.0; 0.0; 0.0; 3.0; 0.0; 0.0 ] ])
printfn "%O" ((softmax scores).Sum 1)
let byHand = crossEntropy (scores, Tensor.Of(0L, 7L)) |> Tensor.item
let library = F.CrossEntropy(scores, Tensor.Of(0L, 7L)) |> Tensor.item

// %% [markdown]
// ## A linear model trained by hand

// %%
let flatTrain = trainX.View(-1, 28 * 28)
let flatTest = testX.View(-1, 28 * 28)
let validDl = zip flatTest testLabels |> dataLoader 1000 false
// A fresh loader for each run below, so each sees the same shuffled order.
let shuffled () = zip flatTrain trainLabels |> dataLoaderSeeded 42L 256

Tensor.manualSeed 42L
let initParams (std: float) (size: int list) = Tensor.randn size * std |> Tensor.requiresGrad
let weights = initParams 0.01 [ 28 * 28; 10 ]
let bias = initParams 0.01 [ 10 ]
let linear1 x = Tensor.matmul (x, weights) + bias

let dl = shuffled ()
let trainEpoch model (lr: float) (parameters: Tensor list) =
    for xb, yb in batches dl do
        crossEntropy (model xb, yb) |> Tensor.backward
        for p in parameters do
            do
                use _ = noGrad ()
                p -= p.Grad * lr
            Tensor.zeroGrad p

let batchAccuracy (preds: Tensor) (targets: Tensor) = preds.ArgMax(1).Eq(targets).Float().Mean() |> Tensor.item
let validateEpoch model =
    use _ = noGrad ()
    System.Math.Round(List.average [ for xb, yb in batches validDl -> batchAccuracy (model xb) yb ], 4)

// %%
let linearAccs = [ for _ in 1 .. 5 -> trainEpoch linear1 0.5 [ weights; bias ]; validateEpoch linear1 ]
printfn "%A" linearAccs

// %% [markdown]
// ## A simple net by hand

// %%
Tensor.manualSeed 42L
let w1 = initParams 0.05 [ 28 * 28; 30 ]
let b1 = initParams 0.0 [ 30 ]
let w2 = initParams 0.2 [ 30; 10 ]
let b2 = initParams 0.0 [ 10 ]
let simpleNetByHand x = Tensor.matmul ((Tensor.matmul (x, w1) + b1).Relu(), w2) + b2
let netAccs = [ for _ in 1 .. 5 -> trainEpoch simpleNetByHand 0.5 [ w1; b1; w2; b2 ]; validateEpoch simpleNetByHand ]
printfn "%A" netAccs

// %% [markdown]
// ## The same with the Learner

// %%
let dls = dataLoaders (shuffled ()) validDl
Tensor.manualSeed 42L
let simpleNet = new Sequential(new Linear(28 * 28, 30), new ReLU(), new Linear(30, 10))
let learn = learner dls simpleNet Sgd.create Loss.crossEntropy [ Metrics.accuracy ]
fit 5 0.5 learn
let learnerAcc = (Seq.last learn.Recorder.Values)[2]

// %% [markdown]
// ## A Learner from scratch
//
// The first research exercise: the loop the chapter built, as an F# function. With the same seed, the same data
// order and the same model it must give exactly our Learner's weights and accuracy.

// %%
let basicFit (dls: DataLoaders) (model: Module) optFunc lossFunc metric epochs (lr: float) =
    let opt: Mnist.Scripting.Optim.Optimizer = optFunc (model.Parameters()) lr
    [ for _ in 1 .. epochs ->
        model.Train() |> ignore
        for struct (xb, yb) in dls.Train do
            lossFunc (model.Forward xb, yb) |> Tensor.backward
            opt.Step()
            opt.ZeroGrad()
        model.Eval() |> ignore
        use _ = noGrad ()
        let sums = [ for struct (xb, yb) in dls.Valid -> metric (model.Forward xb, yb) * float (xb.Size 0), float (xb.Size 0) ]
        List.sumBy fst sums / List.sumBy snd sums ]

Tensor.manualSeed 42L
let ours = new Sequential(new Linear(28 * 28, 30), new ReLU(), new Linear(30, 10))
let basicAccs = basicFit (dataLoaders (shuffled ()) validDl) ours Sgd.create Loss.crossEntropy (fun (p, t) -> F.Accuracy(p, t) |> Tensor.item) 5 0.5
let same =
    Seq.forall2 (fun (a: Tensor) (b: Tensor) -> a.Equal b) (ours.Parameters()) (simpleNet.Parameters())
    && basicAccs = List.ofArray (learn.Recorder.ItemGot 2)

// %% [markdown]
// ## fastai's next tools

// %%
Tensor.manualSeed 42L
let net = new Sequential(new Linear(28 * 28, 30), new ReLU(), new Linear(30, 10))
let cycle = learner (dataLoaders (shuffled ()) validDl) net Adam.create Loss.crossEntropy [ Metrics.accuracy ]
printfn "%s" (summary cycle)

// %%
let found = lrFind cycle
printfn "%O" found
plotLrFind found cycle

// %%
fitOneCycle 3 found.Valley cycle
plotLoss cycle
plotSched cycle

// %% [markdown]
// What the model sees and gets wrong: a training batch, the first validation images (actual over predicted, red
// where wrong), the confusion matrix over the 10,000 test images (rows actual, columns predicted), the pairs it
// confuses most, and the images it got most wrong.

// %%
Prelude.ShowBatch(cycle.Dls) |> ignore
Prelude.ShowResults cycle |> ignore
let interp = Mnist.Scripting.Training.ClassificationInterpretation.FromLearner cycle
Prelude.PlotConfusionMatrix interp |> ignore
printfn "%A" (interp.MostConfused(10) |> Seq.truncate 5 |> List.ofSeq)
Prelude.PlotTopLosses(interp, 9) |> ignore

// %%
report "confusion_matrix_total" (interp.ConfusionMatrix().Sum().Item<int64>())
report "baseline_accuracy" baselineAccuracy
report "cross_entropy_by_hand" byHand
report "cross_entropy_library" library
report "linear_accuracy" (List.last linearAccs)
report "simple_net_accuracy" (List.last netAccs)
report "learner_accuracy" learnerAcc
report "basic_learner_accuracy" (List.last basicAccs)
report "basic_learner_same_weights" (if same then 1 else 0)
report "lr_find_valley" found.Valley
report "one_cycle_accuracy" (Seq.last cycle.Recorder.Values).[2]
