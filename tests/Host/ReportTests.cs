// Report("name", value): one parsable line per value, read back by ParseReports.
using Mnist.Scripting.Dsl;
using static Mnist.Scripting.Dsl.Prelude;

namespace Mnist.Scripting.Tests.Host;

public class ReportTests
{
    StringWriter output = new();

    [SetUp]
    public void SetUp() { output = new StringWriter(); DslOutput.Writer = output; }

    [TearDown]
    public void TearDown() { DslOutput.Writer = Console.Out; output.Dispose(); }

    [Test]
    public void ValuesPrintInvariantAndParseBack()
    {
        Report("baseline_3", Tensor.Of(926.0) / 1010);
        Report("count", Tensor.Of(926L));
        Report("loss", 0.017402);
        Report("is_3", Tensor.Of(true));
        Report("baseline_3", 0.5f);
        Assert.That(output.ToString(), Does.StartWith("#report baseline_3 = 0.9168317\n"));
        Assert.That(ParseReports(output.ToString()), Is.EqualTo(new Dictionary<string, string>
        {
            ["baseline_3"] = "0.5", ["count"] = "926", ["loss"] = "0.017402", ["is_3"] = "true",
        }));
    }

    [Test]
    public void ShowDisplaysTheValueThenRecordsIt()
    {
        Show("accuracy_3s", Tensor.Of(926.0) / 1010);
        Show("shape", Tensor.Zeros(2, 3).Shape);
        Show("count", 49);
        Assert.That(output.ToString(), Is.EqualTo(
            "tensor(0.9168)\n#report accuracy_3s = 0.9168317\n" +
            "torch.Size([2, 3])\n#report shape = torch.Size([2, 3])\n" +
            "49\n#report count = 49\n"));
        var e = Assert.Throws<ArgumentException>(() => Show("list", new List<int> { 1 }));
        Assert.That(e!.Message, Does.Contain("cannot record a List`1"));
        Assert.Throws<ArgumentException>(() => Show("has space", 1.0));
    }

    [Test]
    public void BadNamesAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Report("has space", 1.0));
        Assert.That(e!.Message, Does.Contain("no spaces"));
    }

    [Test]
    public void LargerTensorsReportNestedListsAsTheBookWritesThem()
    {
        Report("pixels", Tensor.FromArray(new byte[] { 0, 29, 48, 166 }, 2, 2));
        Report("floats", Tensor.Of(0.5, 0.25));
        Report("mask", Tensor.Of(true, false));
        var r = ParseReports(output.ToString());
        Assert.That(r["pixels"], Is.EqualTo("[[0,29],[48,166]]"));
        Assert.That(r["floats"], Is.EqualTo("[0.5,0.25]"));
        Assert.That(r["mask"], Is.EqualTo("[true,false]"));
    }
}
