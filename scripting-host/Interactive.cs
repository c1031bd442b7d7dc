// Wires the REPL to the console: the line editor and Tab completion on a terminal, plain lines when redirected;
// Ctrl-C interrupts the running cell (a second one during that same cell ends the process).
using Mnist.Scripting.Dsl;

namespace Mnist.Scripting.Host;

internal static class Interactive
{
    public static async Task<int> RunAsync()
    {
        var env = new ScriptEnvironment();
        bool terminal = !Console.IsInputRedirected && !Console.IsOutputRedirected;
        var history = new History(terminal ? History.DefaultPath() : null);
        Repl? repl = null;
        ILineReader reader;
        if (terminal)
        {
            var completer = new Completer(env);
            // While the user types the first cell, compile a throwaway one (Roslyn's code and the references' metadata
            // get loaded, so the first real cell answers in ~0.1 s), then build the completion workspace.
            _ = Task.Run(() =>
            {
                try
                {
                    Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript.Create("Tensor.Of(0.0)", env.ForRepl(), typeof(ScriptGlobals)).Compile();
                    completer.WarmUp();
                }
                catch (Exception) { } // warming is best effort
            });
            reader = new LineEditor(new ConsoleKeys(), Console.Out, history,
                (text, caret) => completer.Complete(repl?.SessionCode ?? "", text, caret));
        }
        else reader = new PlainReader(Console.In);
        repl = new Repl(reader, Console.Out, env, history) { ShowPrompts = terminal };

        // At the prompt a terminal delivers Ctrl-C as a key (the line editor drops the line); a signal arriving between
        // cells is ignored there. The count is per cell (Interrupt.Reset), so each later cell gets its own first press.
        Console.CancelKeyPress += (_, e) =>
        {
            if (!repl.Running) { e.Cancel = terminal; return; }
            e.Cancel = Interrupt.Press() < 2;
            if (e.Cancel) Console.Error.WriteLine("^C (interrupting the cell; press again to quit)");
        };
        return await repl.RunAsync();
    }
}
