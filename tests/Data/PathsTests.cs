// MNIST_SAMPLE through UntarData and DataPath: the book's counts, ordinal order, fastai-style printing and labels.csv.
using Mnist.Scripting.Data;

namespace Mnist.Scripting.Tests.Data;

public class PathsTests
{
    static DataPath P => DataTestEnv.Sample;

    [Test]
    public void SampleHasTheBooksFoldersAndCounts()
    {
        Assert.That(P.Ls().Select(p => p.Name).Order(StringComparer.Ordinal), Is.EqualTo(new[] { "labels.csv", "train", "valid" }));
        Assert.That((P / "train").Ls().Count, Is.EqualTo(2));
        Assert.That((P / "train" / "3").Ls().Count, Is.EqualTo(6131));
        Assert.That((P / "train" / "7").Ls().Count, Is.EqualTo(6265));
        Assert.That((P / "valid" / "3").Ls().Count, Is.EqualTo(1010));
        Assert.That((P / "valid" / "7").Ls().Count, Is.EqualTo(1028));
        Assert.That(P.FullName, Does.EndWith(Path.Combine("data", "mnist_sample")));
        Assert.That(P.FullName, Does.StartWith(DataTestEnv.Home));
    }

    [Test]
    public void SortedIsOrdinalLikeTheBook()
    {
        var threes = (P / "train" / "3").Ls().Sorted();
        var names = threes.Take(10).Select(p => p.Name).ToArray();
        Assert.That(names, Is.EqualTo(new[] { "10.png", "10000.png", "10011.png", "10031.png", "10034.png", "10042.png", "10052.png", "1007.png", "10074.png", "10091.png" }));
        Assert.That(threes[1].Name, Is.EqualTo("10000.png"));
        for (int i = 1; i < threes.Count; i++) Assert.That(string.CompareOrdinal(threes[i - 1].FullName, threes[i].FullName), Is.LessThan(0));
    }

    [Test]
    public void PrintsLikeFastaiL()
    {
        var old = DataPath.BasePath;
        try
        {
            DataPath.BasePath = P;
            var threes = (P / "train" / "3").Ls().Sorted();
            Assert.That(threes.ToString(), Does.StartWith("(#6131) [Path('train/3/10.png'),Path('train/3/10000.png'),"));
            Assert.That(threes.ToString(), Does.EndWith("Path('train/3/10091.png')...]"));
            Assert.That(new PathList((P / "train").Ls().Sorted().Reverse()).ToString(), Is.EqualTo("(#2) [Path('train/7'),Path('train/3')]"));
        }
        finally { DataPath.BasePath = old; }
    }

    [Test]
    public void LabelsCsvAgreesWithTheFolders()
    {
        var rows = File.ReadAllLines(P / "labels.csv");
        Assert.That(rows[0], Is.EqualTo("name,label"));
        Assert.That(rows.Length - 1, Is.EqualTo(14434));
        var files = new HashSet<string>(new[] { "train", "valid" }.SelectMany(s => new[] { "3", "7" }
            .SelectMany(d => (P / s / d).Ls().Select(f => f.RelativeTo(P)))), StringComparer.Ordinal);
        foreach (var row in rows.Skip(1))
        {
            var parts = row.Split(',');
            Assert.That(files.Remove(parts[0]), Is.True, $"labels.csv names {parts[0]}, which is missing or listed twice");
            var digit = parts[0].Split('/')[1];
            Assert.That(parts[1], Is.EqualTo(digit == "3" ? "0" : "1"), row);
        }
        Assert.That(files, Is.Empty, "every PNG has a row in labels.csv");
    }

    [Test]
    public void LsOfAMissingFolderSaysWhatToDo()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => (P / "nope").Ls());
        Assert.That(e!.Message, Does.Contain("nope").And.Contain("UntarData"));
    }
}
