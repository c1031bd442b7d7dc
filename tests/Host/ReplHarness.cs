// Drives the REPL in process: stdin is a StringReader, stdout a StringWriter, exactly as with redirected input.
using Mnist.Scripting.Host;

namespace Mnist.Scripting.Tests.Host;

internal static class ReplHarness
{
    static readonly Lazy<ScriptEnvironment> env = new(() => new ScriptEnvironment());

    public static ScriptEnvironment Env => env.Value;

    /// <summary>Feeds <paramref name="input"/> line by line and returns everything the session printed.</summary>
    public static string Run(string input, TimeSpan? timeout = null)
    {
        var output = new StringWriter();
        var repl = new Repl(new PlainReader(new StringReader(input)), output, Env)
        {
            SubmissionTimeout = timeout ?? TimeSpan.FromSeconds(20),
        };
        var code = repl.RunAsync().GetAwaiter().GetResult();
        Assert.That(code, Is.Zero);
        return output.ToString().Replace("\r", "");
    }

    public static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
