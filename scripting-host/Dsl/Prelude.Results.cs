// fastai's pictures of data and results: show_images, dls.show_batch(), learn.show_results(), and the
// interpretation's plot_confusion_matrix() and plot_top_losses(k); each one PNG, shown inline and saved.
using System.Globalization;
using Mnist.Scripting.Data;
using Mnist.Scripting.Training;
using SkiaSharp;

namespace Mnist.Scripting.Dsl;

public static partial class Prelude
{
    /// <summary>
    /// fastai's show_images: the images in a grid of <paramref name="columns"/>, each with its title above it (a line
    /// per '\n'; a title starting with '!' is drawn red, as fastai marks a wrong prediction).
    /// </summary>
    public static Chart ShowImages(IReadOnlyList<Tensor> images, IReadOnlyList<string>? titles = null, int columns = 3, string name = "images", int cell = 140)
    {
        if (images.Count == 0) throw new ArgumentException("ShowImages: no images to show");
        if (titles is not null && titles.Count != images.Count)
            throw new ArgumentException($"ShowImages: {images.Count} images but {titles.Count} titles; give one title per image");
        int rows = (images.Count + columns - 1) / columns;
        int lines = titles is null ? 0 : titles.Max(t => t.Split('\n').Length);
        int top = lines * 16 + (lines > 0 ? 4 : 0);
        using var bitmap = new SKBitmap(columns * cell, rows * (cell + top));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            for (int k = 0; k < images.Count; k++)
            {
                var (pixels, _, _) = TensorData.Image(images[k], "ShowImages");
                DrawPixels(canvas, pixels, k % columns * cell + 6, k / columns * (cell + top) + top, cell - 12, cell - 12);
                if (titles is null) continue;
                var text = titles[k];
                var color = text.StartsWith('!') ? SKColors.Red : SKColors.Black;
                var parts = text.TrimStart('!').Split('\n');
                for (int l = 0; l < parts.Length; l++)
                    DrawText(canvas, parts[l], k % columns * cell + cell / 2f, k / columns * (cell + top) + 14 + l * 16, 13, color);
            }
        }
        return DslOutput.Save(bitmap, name);
    }

    // One item as a 2-d picture: [784] and [1, 28, 28] become [28, 28].
    static Tensor AsPicture(Tensor x) => x.Dim switch
    {
        1 when x.Numel == 784 => x.View(28, 28),
        3 when x.Size(0) == 1 => x.Squeeze(0),
        _ => x,
    };

    static string Label(Tensor y) => y.Numel == 1 ? Convert.ToInt64(y.Double().Item()).ToString(CultureInfo.InvariantCulture) : y.ToString();

    /// <summary>fastai's <c>dls.show_batch()</c>: the first training batch's first n images with their labels (the shuffle is left as it was).</summary>
    public static Chart ShowBatch(this DataLoaders dls, int n = 9, int columns = 3)
    {
        var (x, y) = dls.OneBatch() ?? throw new InvalidOperationException("ShowBatch: the training set has no batches");
        int k = Math.Min(n, x.Size(0));
        return ShowImages([.. Enumerable.Range(0, k).Select(i => AsPicture(x[i]))], [.. Enumerable.Range(0, k).Select(i => Label(y[i]))], columns, "show_batch");
    }

    /// <summary>
    /// fastai's <c>learn.show_results()</c>: the first validation images with the actual class over the predicted one;
    /// a wrong prediction is drawn red.
    /// </summary>
    public static Chart ShowResults(this Learner learn, int n = 9, int columns = 3)
    {
        var (x, y) = learn.Dls.Valid.FirstOrDefault();
        if (x is null) throw new InvalidOperationException("ShowResults: the validation set has no batches");
        int k = Math.Min(n, x.Size(0));
        Tensor preds;
        bool training = learn.Model.Training;
        using (Tensor.NoGrad())
        {
            learn.Model.Eval();
            var output = learn.Model.Forward(x[..k]);
            learn.Model.Train(training);
            preds = ClassificationInterpretation.ProbabilitiesOf(output).ArgMax(1);
        }
        var titles = Enumerable.Range(0, k).Select(i =>
        {
            string actual = Label(y[i]), predicted = Label(preds[i]);
            return (actual == predicted ? "" : "!") + $"{actual}\n{predicted}";
        }).ToList();
        return ShowImages([.. Enumerable.Range(0, k).Select(i => AsPicture(x[i]))], titles, columns, "show_results");
    }

    /// <summary>fastai's <c>interp.plot_confusion_matrix()</c>: counts, rows the actual class, columns the predicted one.</summary>
    public static Chart PlotConfusionMatrix(this ClassificationInterpretation interp) =>
        ShowHeatmap(interp.ConfusionMatrix(), "confusion matrix");

    /// <summary>
    /// fastai's <c>interp.plot_top_losses(k)</c>: the k items the model got most wrong, each titled
    /// predicted/actual / loss / probability of the predicted class.
    /// </summary>
    public static Chart PlotTopLosses(this ClassificationInterpretation interp, int k = 9, int columns = 3)
    {
        var (losses, indices) = interp.TopLosses(k);
        var predicted = interp.Predictions.ToArray<long>();
        var actual = interp.Targets.ToArray<long>();
        var titles = indices.Select((item, r) =>
            $"{predicted[item]}/{actual[item]} / {losses[r]:0.00} / {interp.Probabilities[item, (int)predicted[item]].Item():0.00}").ToList();
        return ShowImages([.. indices.Select(i => AsPicture(interp.Inputs[i]))], titles, columns, "plot_top_losses");
    }
}
