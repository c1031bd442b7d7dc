// A named metric for the Learner's table: fastai names a metric after its function (batch_accuracy).
using System.Text;

namespace Mnist.Scripting.Training;

/// <summary>
/// A metric computed on each validation batch as <c>Func(predictions, targets)</c> returning the batch mean;
/// the Learner weights it by batch size, so the epoch's value is the mean over the whole validation set.
/// </summary>
public sealed record Metric(string Name, Func<Tensor, Tensor, Tensor> Func)
{
    /// <summary>The book's batch_accuracy: sigmoid(predictions) &gt; 0.5 compared with 0/1 targets.</summary>
    public static Metric BatchAccuracy { get; } = new("batch_accuracy", NN.F.BatchAccuracy);

    /// <summary>fastai's accuracy for class scores: argmax over dim 1 compared with integer labels.</summary>
    public static Metric Accuracy { get; } = new("accuracy", NN.F.Accuracy);

    /// <summary>Names the metric after its method in snake_case, as fastai does: F.BatchAccuracy gives "batch_accuracy".</summary>
    public static Metric From(Func<Tensor, Tensor, Tensor> func, int position = 0) => new(NameOf(func, position), func);

    internal static string NameOf(Delegate func, int position)
    {
        var name = func.Method.Name;
        // Lambdas compile to names such as "<Main>b__0_0": give them a neutral column name.
        if (name.Contains('<') || name.Length == 0) return position == 0 ? "metric" : $"metric{position}";
        return SnakeCase(name);
    }

    /// <summary>"BatchAccuracy" → "batch_accuracy", "MseLoss" → "mse_loss".</summary>
    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                    sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
