// model.Summary(input): each layer's output shape and parameter count, as fastai's learn.summary() prints them.
using System.Globalization;
using System.Text;

namespace Mnist.Scripting.NN;

/// <summary>One layer of a summary: its type, the shape it gave, its parameter count and whether they train.</summary>
public sealed record LayerSummary(string Type, Size OutputShape, long Parameters, bool Trainable);

/// <summary>
/// What <see cref="Module.Summary"/> found running one input through the model; prints as fastai's learn.summary().
/// Sequential models (nested too) are listed layer by layer; any other module is one row.
/// </summary>
public sealed record ModelSummary(string Model, Size InputShape, IReadOnlyList<LayerSummary> Layers)
{
    public long TotalParameters => Layers.Sum(l => l.Parameters);
    public long TrainableParameters => Layers.Where(l => l.Trainable).Sum(l => l.Parameters);

    public override string ToString()
    {
        const int width = 76;
        static string Shape(Size s) => string.Join(" x ", s.ToArray());
        var sb = new StringBuilder();
        sb.Append(Model).Append(" (Input shape: ").Append(Shape(InputShape)).Append(")\n");
        sb.Append(new string('=', width)).Append('\n');
        sb.Append($"{"Layer (type)",-21}{"Output Shape",-21}{"Param #",-11}{"Trainable",-10}\n");
        sb.Append(new string('=', width)).Append('\n');
        Size? previous = InputShape;
        foreach (var l in Layers)
        {
            // fastai prints a shape line only where the shape changes.
            if (!l.OutputShape.Equals(previous)) sb.Append($"{"",-21}{Shape(l.OutputShape),-21}\n");
            previous = l.OutputShape;
            string count = l.Parameters == 0 ? "" : l.Parameters.ToString(CultureInfo.InvariantCulture);
            string trains = l.Parameters == 0 ? "" : l.Trainable ? "True" : "False";
            sb.Append($"{l.Type,-21}{"",-21}{count,-11}{trains,-10}".TrimEnd()).Append('\n');
            sb.Append(new string('_', width)).Append('\n');
        }
        var n = CultureInfo.InvariantCulture;
        sb.Append('\n');
        sb.Append("Total params: ").Append(TotalParameters.ToString("N0", n)).Append('\n');
        sb.Append("Total trainable params: ").Append(TrainableParameters.ToString("N0", n)).Append('\n');
        sb.Append("Total non-trainable params: ").Append((TotalParameters - TrainableParameters).ToString("N0", n)).Append('\n');
        return sb.ToString();
    }

    internal static ModelSummary Of(Module model, Tensor input)
    {
        var layers = new List<LayerSummary>();
        using (Tensor.NoGrad())
        {
            bool training = model.Training;
            model.Eval();
            try { Run(model, input, layers, "model"); }
            finally { if (training) model.Train(); }
        }
        return new ModelSummary(model.GetType().Name, input.Shape, layers);
    }

    static Tensor Run(Module m, Tensor x, List<LayerSummary> layers, string path)
    {
        if (m is Sequential seq)
        {
            for (int i = 0; i < seq.Count; i++) x = Run(seq[i], x, layers, $"{path}[{i}]");
            return x;
        }
        Tensor y;
        try { y = m.Forward(x); }
        catch (ShapeException e)
        {
            throw new ShapeException($"Summary: {path} ({m.GetType().Name}) cannot take an input of shape {x.Shape}: {e.Message}. " +
                                     "Pass one batch as the model's first layer expects it, e.g. xb from first(dls.Train)");
        }
        var ps = m.Parameters();
        layers.Add(new LayerSummary(m.GetType().Name, y.Shape, ps.Sum(p => (long)p.Numel), ps.Count > 0 && ps.All(p => p.RequiresGradient)));
        return y;
    }
}
