// Steps 7-13 through the real host: exact shapes, counts and toy losses; trained accuracies within their bands.
using System.Globalization;
using static Mnist.Scripting.Tests.Scripts.BookTable;

namespace Mnist.Scripting.Tests.Scripts;

[Category("Scripts")]
[Parallelizable]
public class TrainingScriptTests
{
    [Test]
    public void Step07MnistLoss() => CheckMnistLoss("07", ScriptHarness.Run("07_mnist_loss.csx"));

    internal static void CheckMnistLoss(string step, ScriptResult r)
    {
        Exact(step, "train_x.shape", "torch.Size([12396, 784])", r.Text("train_x_shape"));
        Exact(step, "train_y.shape", "torch.Size([12396, 1])", r.Text("train_y_shape"));
        Exact(step, "accuracy after weights[0] *= 1.0001", "unchanged", r.Number("accuracy_unchanged") == 1 ? "unchanged" : "changed");
        Exact(step, "torch.where(trgts==1,1-prds,prds)", "[0.1000,0.4000,0.8000]", ChapterScriptTests.WithDecimals(r.Text("where_toy"), 4));
        Decimals(step, "mnist_loss(prds,trgts)", "0.4333", r.Number("mnist_loss_toy"));
        Decimals(step, "mnist_loss([0.9,0.4,0.8],trgts)", "0.2333", r.Number("mnist_loss_toy2"));
        Exact(step, "1/(1+exp(-x)) == torch.sigmoid", "equal", r.Number("sigmoid_matches") == 1 ? "equal" : "different");
        ScriptHarness.AssertCharts(r, "sigmoid");
    }

    [Test]
    public void Step08MiniBatches() => CheckMiniBatches("08", ScriptHarness.Run("08_mini_batches.csx"));

    internal static void CheckMiniBatches(string step, ScriptResult r)
    {
        Exact(step, "DataLoader(range(15), bs=5): batches", "3", r.Text("dl15_batches"));
        Exact(step, "DataLoader(range(15), bs=5): distinct items", "15", r.Text("dl15_items"));
        Exact(step, "letters, bs=6: batches", "5", r.Text("letters_batches"));
        Exact(step, "letters, bs=6: last batch", "2", r.Text("letters_last_batch"));
        Exact(step, "DataLoader(dset, 256): batches", "49", r.Text("train_batches"));
        Exact(step, "first(dl) x shape", "torch.Size([256, 784])", r.Text("first_batch_x"));
        Exact(step, "first(dl) y shape", "torch.Size([256, 1])", r.Text("first_batch_y"));
        Exact(step, "valid_dl: batches", "8", r.Text("valid_batches"));
        Exact(step, "valid_dl: last batch", "246", r.Text("valid_last_batch"));
        Exact(step, "calc_grad twice", "accumulates", r.Number("grad_accumulates") == 1 ? "accumulates" : "does not accumulate");
    }

    [Test]
    public void Step09LinearFromScratch() => CheckLinearFromScratch("09", ScriptHarness.Run("09_linear_from_scratch.csx"));

    internal static void CheckLinearFromScratch(string step, ScriptResult r)
    {
        Band(step, "linear1, validate_epoch after 1+20 epochs", "0.9696", r.Number("final_accuracy"), 0.96);
        ScriptHarness.AssertCharts(r, "linear_model_from_scratch_accuracy");
    }

    [Test]
    public void Step10OptimizerAndLearner() => CheckOptimizerAndLearner("10", ScriptHarness.Run("10_optimizer_and_learner.csx"));

    internal static void CheckOptimizerAndLearner(string step, ScriptResult r)
    {
        Exact(step, "nn.Linear(784,1) weight", "torch.Size([1, 784])", r.Text("linear_weight_shape"));
        Exact(step, "nn.Linear(784,1) bias", "torch.Size([1])", r.Text("linear_bias_shape"));
        Band(step, "BasicOptim, 20 epochs", "0.9785", r.Number("basic_optim_accuracy"), 0.96);
        Band(step, "SGD, 20 epochs", "0.9785", r.Number("sgd_accuracy"), 0.96);
        // Epoch 0 predicts "3" for every image whatever the seed: 1010/2038, exact to fastai's six decimals.
        Decimals(step, "Learner linear, epoch 0 batch_accuracy", "0.495584", r.Number("learner_epoch0_accuracy"));
        Band(step, "Learner linear, epoch 9 batch_accuracy", "0.967615", r.Number("learner_final_accuracy"), 0.96);
    }

    [Test]
    public void Step11SimpleNet() => CheckSimpleNet("11", ScriptHarness.Run("11_simple_net.csx"));

    internal static void CheckSimpleNet(string step, ScriptResult r)
    {
        Exact(step, "simple_net parameter tensors", "4", r.Text("parameter_tensors"));
        Band(step, "simple_net, epoch 39 batch_accuracy", "0.982826", r.Number("final_accuracy"), 0.98);
        ScriptHarness.AssertCharts(r, "relu", "simple_net_batch_accuracy");
    }

    [Test]
    public void Step12FullMnist() => CheckFullMnist("12", ScriptHarness.Run("12_full_mnist.csx", timeoutSeconds: 600));

    internal static void CheckFullMnist(string step, ScriptResult r)
    {
        Exact(step, "full MNIST training images", "torch.Size([60000, 28, 28])", r.Text("train_images"));
        // The book stops at resnet18 on the sample (0.997056); these are our own models on all ten digits.
        Band(step, "MLP 784-256-10, Adam, 4 epochs, test accuracy", "—", r.Number("mlp_accuracy"), 0.97);
        Band(step, "CNN (2 conv), 12k images, 2 epochs, test accuracy", "—", r.Number("cnn_accuracy"), 0.96);
    }

    [Test]
    public void Step13AllDigits() => CheckAllDigits("13", ScriptHarness.Run("13_all_digits.csx", timeoutSeconds: 600));

    // The book has no numbers here (it leaves the exercise to the reader); the baseline is deterministic, so it must be
    // what PyTorch's twin (bench/step13_torch.py) gives on the same files; trained rows lie within PyTorch's spread.
    internal static void CheckAllDigits(string step, ScriptResult r)
    {
        Decimals(step, "ten mean digits, nearest by mnist_distance, test accuracy (book column: PyTorch)", "0.6685", r.Number("baseline_accuracy"));
        double byHand = r.Number("cross_entropy_by_hand"), library = r.Number("cross_entropy_library");
        Trend(step, "softmax + cross-entropy by hand equals F.cross_entropy", "—", byHand.ToString("0.######", CultureInfo.InvariantCulture),
            "within 1e-6", Math.Abs(byHand - library) < 1e-6);
        Band(step, "linear 784-10 by hand, SGD 0.5, 5 epochs, test accuracy (PyTorch 0.920-0.921)", "—", r.Number("linear_accuracy"), 0.90);
        Band(step, "simple net 784-30-10 by hand, 5 epochs, test accuracy (PyTorch 0.948-0.962)", "—", r.Number("simple_net_accuracy"), 0.92);
        Band(step, "simple net through the Learner, 5 epochs, test accuracy (PyTorch 0.941-0.961)", "—", r.Number("learner_accuracy"), 0.93);
        Exact(step, "a Learner from scratch gives our Learner's weights and accuracies", "1", r.Text("basic_learner_same_weights"));
        Band(step, "lr_find valley suggestion, Adam", "—", r.Number("lr_find_valley"), 1e-4, 0.1);
        Band(step, "fit_one_cycle at the valley, Adam, 3 epochs, test accuracy (PyTorch at 5e-3: 0.943-0.949)", "—", r.Number("one_cycle_accuracy"), 0.92);
        Exact(step, "the confusion matrix counts every test image", "10000", r.Text("confusion_matrix_total"));
        ScriptHarness.AssertCharts(r, "the_ten_mean_digits", "plot_lr_find", "plot_loss", "plot_sched", "show_batch", "show_results",
            "confusion_matrix", "plot_top_losses");
    }
}
