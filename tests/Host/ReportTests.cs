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
    public void BadNamesAndShapesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Report("has space", 1.0));
        var e = Assert.Throws<ArgumentException>(() => Report("acc", Tensor.Ones(3)));
        Assert.That(e!.Message, Does.Contain(".Mean()"));
    }
}
