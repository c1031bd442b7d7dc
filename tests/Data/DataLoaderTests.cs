// Dataset and DataLoader: the book's zip/DataLoader cells, batch counts, last batch, slicing, seeded shuffles.
using Mnist.Scripting.Data;

namespace Mnist.Scripting.Tests.Data;

public class DataLoaderTests
{
    static (Tensor X, Tensor Y) Toy(int n) =>
        (Tensor.Arange(n * 4).Reshape(n, 4).Float(), Tensor.Arange(n).Reshape(n, 1));

    [Test]
    public void OneBatchIsTheFirstBatchAndLeavesTheShuffleAsItWas()
    {
        var (x, y) = Toy(10);
        var (a, b) = (new DataLoader(Dataset.Zip(x, y), 4, shuffle: true, seed: 3), new DataLoader(Dataset.Zip(x, y), 4, shuffle: true, seed: 3));
        var dls = new DataLoaders(a, b);
        var first = dls.OneBatch();
        Assert.That(first, Is.Not.Null);
        var epochA = a.Select(p => p.Y).ToList();
        var epochB = b.Select(p => p.Y).ToList();
        Assert.That(first!.Value.Y.Equal(epochA[0]), Is.True, "the batch the next epoch starts with");
        Assert.That(epochA.Zip(epochB).All(p => p.First.Equal(p.Second)), Is.True, "the same order as a loader never asked");
        Assert.That(new DataLoaders([], []).OneBatch(), Is.Null);
    }

    public void ZipIsIndexableWithALength()
    {
        var (x, y) = Toy(10);
        var dset = Dataset.Zip(x, y);
        Assert.That(dset.Count, Is.EqualTo(10));
        var (x3, y3) = dset[3];
        Assert.That(x3.Shape.ToArray(), Is.EqualTo(new[] { 4 }));
        Assert.That(y3.ToString(), Is.EqualTo("tensor([3])"));
        Assert.That(x3.ToArray<float>(), Is.EqualTo(new float[] { 12, 13, 14, 15 }));
        Assert.Throws<ArgumentException>(() => Dataset.Zip(x, Tensor.Arange(9)));
        Assert.Throws<IndexOutOfRangeException>(() => _ = dset[10]);
    }

    [Test]
    public void BooksBatchCountsAndLastBatch()
    {
        var (x, y) = Toy(12396);
        var dl = new DataLoader(Dataset.Zip(x, y), batchSize: 256);
        var batches = dl.ToList();
        Assert.That(dl.Count, Is.EqualTo(49));
        Assert.That(batches, Has.Count.EqualTo(49));
        Assert.That(batches[0].X.Shape.ToArray(), Is.EqualTo(new[] { 256, 4 }));
        Assert.That(batches[0].Y.Shape.ToArray(), Is.EqualTo(new[] { 256, 1 }));
        Assert.That(batches[^1].X.Size(0), Is.EqualTo(12396 - 48 * 256));
        Assert.That(Tensor.Cat(batches.Select(b => b.Y).ToArray()).Equal(y), Is.True, "in order, every item once");
        var valid = new DataLoader(Dataset.Zip(Toy(2038).X, Toy(2038).Y), batchSize: 256);
        Assert.That(valid.Count, Is.EqualTo(8));
        Assert.That(valid.Last().X.Size(0), Is.EqualTo(246));
        var dropped = new DataLoader(Dataset.Zip(x, y), batchSize: 256, dropLast: true);
        Assert.That(dropped.Count(), Is.EqualTo(48));
        Assert.That(dropped.All(b => b.X.Size(0) == 256), Is.True);
    }

    [Test]
    public void ShuffleIsAPermutationReproducibleWithASeed()
    {
        var (x, y) = Toy(100);
        long[] Epoch(DataLoader dl) => dl.SelectMany(b => b.Y.ToArray<long>()).ToArray();
        var a = new DataLoader(Dataset.Zip(x, y), 16, shuffle: true, seed: 42);
        var b = new DataLoader(Dataset.Zip(x, y), 16, shuffle: true, seed: 42);
        var e1 = Epoch(a);
        Assert.That(e1, Is.EqualTo(Epoch(b)), "same seed, same order");
        Assert.That(e1.Order(), Is.EqualTo(Enumerable.Range(0, 100).Select(i => (long)i)), "a permutation");
        Assert.That(e1, Is.Not.EqualTo(Enumerable.Range(0, 100).Select(i => (long)i)), "actually shuffled");
        Assert.That(Epoch(a), Is.Not.EqualTo(e1), "each epoch draws a new order");
        Assert.That(Epoch(new DataLoader(Dataset.Zip(x, y), 16, shuffle: true, seed: 7)), Is.Not.EqualTo(e1));
        foreach (var (xb, yb) in new DataLoader(Dataset.Zip(x, y), 16, shuffle: true, seed: 1))
            Assert.That(xb[.., 0].Equal((yb.Reshape(-1) * 4).Float()), Is.True, "inputs stay paired with targets");
    }

    [Test]
    public void UnshuffledBatchesAreViewsNotCopies()
    {
        var (x, y) = Toy(10);
        var (xb, _) = new DataLoader(Dataset.Zip(x, y), 4).Skip(1).First();
        x[5, 0].Fill_(-1);
        Assert.That(xb[1, 0].Item(), Is.EqualTo(-1.0), "a batch is a slice of the stacked tensor");
    }

    [Test]
    public void ListsOfPairsAreStackedOnce()
    {
        var (x, y) = Toy(7);
        var pairs = Enumerable.Range(0, 7).Select(i => (x[i], y[i])).ToList();
        var dl = new DataLoader(pairs, batchSize: 3);
        Assert.That(dl.Select(b => b.X.Size(0)), Is.EqualTo(new[] { 3, 3, 1 }));
        Assert.That(dl.First().X.Equal(x[0..3]), Is.True);
        var dls = new DataLoaders(dl, dl);
        Assert.That(dls.Train.Count(), Is.EqualTo(3));
    }

    [Test]
    public void BooksRange15ShuffledIntoThreeBatches()
    {
        var dl = DataLoader.From(Enumerable.Range(0, 15), batchSize: 5, shuffle: true, seed: 0);
        var batches = dl.ToList();
        Assert.That(batches.Select(b => b.Count), Is.EqualTo(new[] { 5, 5, 5 }));
        Assert.That(batches.SelectMany(b => b).Order(), Is.EqualTo(Enumerable.Range(0, 15)));
        Assert.That(batches.SelectMany(b => b), Is.Not.EqualTo(Enumerable.Range(0, 15)), "the order changed");
        Assert.That(DataLoader.From(Enumerable.Range(0, 15), batchSize: 5, shuffle: true, seed: 1).SelectMany(b => b),
            Is.Not.EqualTo(batches.SelectMany(b => b)), "another seed, another order");
        var t = (Tensor)batches[0].Collate();
        Assert.That(t.DType, Is.EqualTo(DType.Int64));
        Assert.That(t.ToArray<long>(), Is.EqualTo(batches[0].Select(i => (long)i)));
        Assert.That(batches[0].ToString(), Does.StartWith("tensor([").And.EndWith("])"));
    }

    [Test]
    public void BooksEnumeratedAlphabetInBatchesOfSix()
    {
        var ds = Dataset.Enumerate("abcdefghijklmnopqrstuvwxyz");
        Assert.That(ds, Has.Count.EqualTo(26));
        Assert.That(ds[0], Is.EqualTo((0, 'a')));
        var batches = DataLoader.From(ds, batchSize: 6, shuffle: true, seed: 3).ToList();
        Assert.That(batches.Select(b => b.Count), Is.EqualTo(new[] { 6, 6, 6, 6, 2 }));
        foreach (var b in batches) Assert.That(b.All(p => p.Item2 == (char)('a' + p.Item1)), Is.True);
        var first = batches[0];
        var expected = $"(tensor([{string.Join(", ", first.Select(p => p.Item1.ToString().PadLeft(2)))}]), ({string.Join(", ", first.Select(p => $"'{p.Item2}'"))}))";
        Assert.That(first.ToString().Replace("  ", " ").Replace("[ ", "["), Is.EqualTo(expected.Replace("  ", " ").Replace("[ ", "[")));
        Assert.That(DataLoader.From(ds, 6, shuffle: true, seed: 3).SelectMany(b => b), Is.EqualTo(batches.SelectMany(b => b)), "seeded");
        Assert.That(batches.SelectMany(b => b).Select(p => p.Item1), Is.Not.EqualTo(Enumerable.Range(0, 26)), "the order changed");
        Assert.That(DataLoader.From(ds, 6, shuffle: true, seed: 4).SelectMany(b => b), Is.Not.EqualTo(batches.SelectMany(b => b)), "another seed, another order");
    }
}
