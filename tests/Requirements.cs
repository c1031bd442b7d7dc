// A test that needs a tool this machine lacks (Jupyter's packages, Chromium) is skipped with the reason, except where
// MNIST_SCRIPTING_REQUIRE_TOOLS=1 (CI sets it): there a missing tool fails, so a broken install cannot pass as green.
using System.Diagnostics.CodeAnalysis;

namespace Mnist.Scripting.Tests;

public static class Requirements
{
    public const string Variable = "MNIST_SCRIPTING_REQUIRE_TOOLS";

    [DoesNotReturn]
    public static void Missing(string reason)
    {
        if (Environment.GetEnvironmentVariable(Variable) == "1") Assert.Fail($"{reason} ({Variable}=1: required here)");
        Assert.Ignore(reason);
    }
}
