// The globals object of every script: Args for `run FILE.csx args...` (empty in the REPL).
namespace Mnist.Scripting.Host;

/// <summary>Members visible to scripts without qualification, besides the prelude.</summary>
public sealed class ScriptGlobals(IReadOnlyList<string> args)
{
    /// <summary>The arguments after the script's path: mnist-scripting run train.csx 20 0.1 gives ["20", "0.1"].</summary>
    public IReadOnlyList<string> Args { get; } = args;
}
