// The book-to-here names table: one list in the host, printed by `:help book`, copied into README.md unchanged.
using Mnist.Scripting.Host;

namespace Mnist.Scripting.Tests.Host;

public class BookNamesTests
{
    [Test]
    public void ReadmeTableIsTheHostsList()
    {
        var readme = File.ReadAllLines(RepoPaths.Under("README.md"));
        int header = Array.IndexOf(readme, "| book (Python) | here (C#) |");
        Assert.That(header, Is.GreaterThan(0), "README.md has the book-names table");
        var rows = readme.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.That(rows, Is.EqualTo(BookNames.MarkdownRows().ToList()), "edit scripting-host/BookNames.cs and copy its rows into README.md");
    }

    [Test]
    public void HelpBookPrintsTheNames()
    {
        var output = ReplHarness.Run(":help book\n:help\n");
        Assert.That(output, Does.Contain("untar_data(URLs.MNIST_SAMPLE)  ").And.Contain("Datasets.UntarData(Urls.MnistSample)"));
        Assert.That(output, Does.Contain("learn.fit(10, lr=lr)").And.Contain(":help book"));
        Assert.That(output, Does.Not.Contain("`"), "backticks are dropped on the terminal");
    }
}
