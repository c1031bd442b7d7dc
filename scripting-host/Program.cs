// Entry point of mnist-scripting: `run FILE.csx [args...]` runs a script, no arguments starts the REPL.
using Mnist.Scripting.Host;

const string Usage = """
    usage: mnist-scripting                      start the REPL (:help inside)
           mnist-scripting run FILE.csx [ARGS]  run a script; exit 0 ok, 1 compile error, 2 unhandled exception
    environment: MNIST_SCRIPTING_PLOTS (plot folder, default ./plots), MNIST_SCRIPTING_HISTORY (history file),
                 MNIST_SCRIPTING_TRACE=1 (full .NET stack traces), NO_COLOR (no pictures in the terminal)
    """;

Timing.Mark("main");
if (args is ["--help" or "-h" or "help", ..]) { Console.WriteLine(Usage); return 0; }
if (args is ["run", var file, .. var rest])
    return await ScriptRunner.RunAsync(file, rest, new ScriptEnvironment(), Console.Error);
if (args.Length > 0)
{
    // A bare .csx path works too, like dotnet-script.
    if (args[0].EndsWith(".csx", StringComparison.OrdinalIgnoreCase))
        return await ScriptRunner.RunAsync(args[0], args[1..], new ScriptEnvironment(), Console.Error);
    Console.Error.WriteLine(Usage);
    return 1;
}
return await Interactive.RunAsync();
