// The book's Python names and ours, one table: `:help` prints it and a test keeps README.md's copy the same.
namespace Mnist.Scripting.Host;

public static class BookNames
{
    /// <summary>Each row: the book's code, then ours, as Markdown cells (code in backticks).</summary>
    public static readonly (string Book, string Here)[] Rows =
    [
        ("`untar_data(URLs.MNIST_SAMPLE)`", "`Datasets.UntarData(Urls.MnistSample)`"),
        ("`path.ls()`, `(path/'train').ls().sorted()`", """`path.Ls()`, `(path / "train").Ls().Sorted()`"""),
        ("`Image.open(p)`, `tensor(im)`", "`Tensor.Load(p)`"),
        ("`tensor([1,2,3])`, `tensor(data)`", "`Tensor.Of(1, 2, 3)`, `Tensor.Of(new[,] { ... })`, `Tensor.FromArray(array, shape)`"),
        ("`torch.stack(ts).float()/255`", "`Tensor.Stack(ts).Float() / 255`"),
        ("`t[4:10, 4:10]`, `t[:, 1]`, `t[mask]`", "`t[4..10, 4..10]`, `t[.., 1]`, `t[mask]`"),
        ("`x.requires_grad_()`", "`x.RequiresGrad()` (or `x.RequiresGrad_()`)"),
        ("`loss.backward()`, `x.grad`, `x.grad = None`", "`loss.Backward()`, `x.Grad`, `x.Grad = null` (or `x.ZeroGrad()`)"),
        ("`with torch.no_grad(): p -= p.grad * lr`", "`using (Tensor.NoGrad()) p -= p.Grad * lr;`"),
        ("`p.data -= lr * p.grad.data`", "`p.Data.Sub_(p.Grad.Data * lr)`"),
        ("`torch.where(c, a, b)`", "`Tensor.Where(c, a, b)`"),
        ("`x.sigmoid()`, `F.relu(x)`, `x.max(tensor(0.0))`", "`x.Sigmoid()`, `F.Relu(x)`, `x.Max(Tensor.Of(0.0))`"),
        ("`F.l1_loss`, `F.mse_loss`, `mnist_loss`", "`F.L1Loss`, `F.MseLoss`, `F.MnistLoss`"),
        ("`DataLoader(dset, batch_size=256, shuffle=True)`", "`new DataLoader(dset, batchSize: 256, shuffle: true)`"),
        ("`DataLoaders(dl, valid_dl)`", "`new DataLoaders(dl, validDl)`"),
        ("`nn.Linear(28*28, 1)`, `nn.ReLU()`, `nn.Sequential(...)`", "`new Linear(28 * 28, 1)`, `new ReLU()`, `new Sequential(...)`"),
        ("`SGD(params, lr)`, `opt.step()`, `opt.zero_grad()`", "`new Sgd(parameters, lr)` (or `Sgd.Create`), `opt.Step()`, `opt.ZeroGrad()`"),
        ("`Learner(dls, model, opt_func=SGD, loss_func=mnist_loss, metrics=batch_accuracy)`", "`new Learner(dls, model, Sgd.Create, F.MnistLoss, F.BatchAccuracy)`"),
        ("`learn.fit(10, lr=lr)`", "`learn.Fit(10, lr)`"),
        ("`learn.lr_find()`, `learn.fit_one_cycle(3, lr_max)`", "`learn.LrFind()`, `learn.FitOneCycle(3, lrMax)`"),
        ("`learn.recorder.plot_loss()`, `plot_lr_find()`, `plot_sched()`", "`learn.Recorder.PlotLoss()`, `PlotLrFind(found)`, `PlotSched()`"),
        ("`learn.summary()`", "`learn.Summary()`, `model.Summary(xb)`"),
        ("`plot_function(f, 'x', 'x**2')`", """`PlotFunction(f, "x", "x**2")`"""),
        ("`show_image(t)`, `df.style.background_gradient`", "`ShowImage(t)`, `ShowHeatmap(t)`"),
    ];

    /// <summary>The rows as README.md shows them.</summary>
    public static IEnumerable<string> MarkdownRows() => Rows.Select(r => $"| {r.Book} | {r.Here} |");

    /// <summary>The rows for a terminal: two columns, backticks dropped.</summary>
    public static string Plain()
    {
        static string Strip(string s) => s.Replace("`", "");
        int width = Rows.Max(r => Strip(r.Book).Length);
        return string.Join("\n", Rows.Select(r => $"  {Strip(r.Book).PadRight(width)}  {Strip(r.Here)}"));
    }
}
