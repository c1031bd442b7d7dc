// A pair of batch sources, training and validation (fastai's DataLoaders(dl, valid_dl)).
namespace Mnist.Scripting.Data;

/// <summary>Training and validation batches of (inputs, targets): what a Learner needs (fastai's DataLoaders).</summary>
public sealed class DataLoaders(IEnumerable<(Tensor X, Tensor Y)> train, IEnumerable<(Tensor X, Tensor Y)> valid)
{
    /// <summary>Batches for training (dls.train).</summary>
    public IEnumerable<(Tensor X, Tensor Y)> Train { get; } = train;

    /// <summary>Batches for validation (dls.valid).</summary>
    public IEnumerable<(Tensor X, Tensor Y)> Valid { get; } = valid;
}
