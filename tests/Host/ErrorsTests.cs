// Error traces stay readable: deep recursion collapses as in Python, recursion through several lines is cut to its ends.
using Mnist.Scripting.Host;

namespace Mnist.Scripting.Tests.Host;

public class ErrorsTests
{
    [Test]
    public void DeepRecursionInACellShowsThreeFramesAndACount()
    {
        var output = ReplHarness.Run("var kept = 1;\nint F(int n) => n == 0 ? throw new Exception(\"bottom\") : F(n - 1);\nF(1000)\nkept\n");
        // 1001 frames of F on line 1 of its cell, then the call on line 1 of the next cell: the same line as printed.
        Assert.That(ReplHarness.Lines(output), Is.EqualTo(new[]
        {
            "Exception: bottom", "   at (cell):1", "   at (cell):1", "   at (cell):1", "   [Previous line repeated 999 more times]", "1",
        }));
    }

    [Test]
    public void RecursionThroughTwoLinesIsCutToItsEnds()
    {
        var output = ReplHarness.Run("{\n  bool A(int n) => n == 0 ? throw new Exception(\"mutual\") : B(n - 1);\n  bool B(int n) => A(n);\n  A(500);\n}\n");
        var lines = ReplHarness.Lines(output);
        // 501 frames on line 2, 500 on line 3, alternating, and the call on line 4: 1002 frames, 30 + 10 of them shown.
        Assert.That(lines, Has.Length.EqualTo(1 + 30 + 1 + 10), output);
        Assert.That(lines[0], Is.EqualTo("Exception: mutual"));
        Assert.That(lines[1..4], Is.EqualTo(new[] { "   at (cell):2", "   at (cell):3", "   at (cell):2" }));
        Assert.That(lines[31], Is.EqualTo("   [... 962 more frames ...]"));
        Assert.That(lines[^1], Is.EqualTo("   at (cell):4"));
    }

    [TestCase(new[] { "a", "a", "a" }, new[] { "a", "a", "a" })]
    [TestCase(new[] { "a", "a", "a", "a" }, new[] { "a", "a", "a", "   [Previous line repeated 1 more time]" })]
    [TestCase(new[] { "a", "a", "a", "a", "a", "b", "a" }, new[] { "a", "a", "a", "   [Previous line repeated 2 more times]", "b", "a" })]
    public void CollapseFollowsPythonsRule(string[] frames, string[] shown)
        => Assert.That(Errors.Collapse(frames), Is.EqualTo(shown));
}
