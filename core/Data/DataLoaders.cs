// A pair of batch sources, training and validation (fastai's DataLoaders(dl, valid_dl)).
namespace Mnist.Scripting.Data;

/// <summary>Training and validation batches of (inputs, targets): what a Learner needs (fastai's DataLoaders).</summary>
public sealed class DataLoaders(IEnumerable<(Tensor X, Tensor Y)> train, IEnumerable<(Tensor X, Tensor Y)> valid)
{
    /// <summary>Batches for training (dls.train).</summary>
    public IEnumerable<(Tensor X, Tensor Y)> Train { get; } = train;

    /// <summary>Batches for validation (dls.valid).</summary>
    public IEnumerable<(Tensor X, Tensor Y)> Valid { get; } = valid;

    /// <summary>
    /// The first training batch (fastai's dls.one_batch()), or null when there is none. Drawing it does not move a
    /// shuffled loader on: the next epoch sees the order it would have seen, so a summary or a picture of the data
    /// before Fit changes nothing the training does.
    /// </summary>
    public (Tensor X, Tensor Y)? OneBatch()
    {
        var shuffle = (Train as DataLoader)?.Generator;
        var state = shuffle?.GetState();
        try
        {
            foreach (var batch in Train) return batch;
            return null;
        }
        finally { if (state is not null) shuffle!.SetState(state); }
    }
}
