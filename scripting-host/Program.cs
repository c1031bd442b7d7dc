// Entry point of mnist-scripting: no arguments starts the REPL, `run FILE.csx [args...]` (or a bare FILE.csx) runs a
// script, `kernel CONNECTION_FILE` serves Jupyter, `jupyter install|uninstall` writes or removes the kernelspec,
// `notebook FILE.csx [-o OUT.ipynb]` converts a percent-format script to a notebook.
using System.CommandLine;
using Mnist.Scripting.Host;
using Mnist.Scripting.Host.Kernel;

Timing.Mark("main");
// Live bars for Fit and downloads on a terminal (the kernel replaces Fit's with a live table in the notebook).
Mnist.Scripting.Host.Progress.TerminalProgress.Install();
// The REPL is the common start and needs no parsing: building the command tree would add ~25 ms to its start-up.
if (args.Length == 0) return await Interactive.RunAsync();

var root = new RootCommand("""
    mnist-scripting: C# for chapter 4. No arguments start the REPL (:help inside); a FILE.csx runs it.
    Environment: MNIST_SCRIPTING_PLOTS (plot folder, default ./plots), MNIST_SCRIPTING_HISTORY (history file),
    MNIST_SCRIPTING_TRACE=1 (full .NET stack traces), NO_COLOR (no pictures in the terminal).
    """);
var script = new Argument<string?>("FILE.csx") { Arity = ArgumentArity.ZeroOrOne, Description = "a script to run (like `run FILE.csx`)" };
var scriptArgs = new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore, Description = "the script's Args" };
root.Add(script);
root.Add(scriptArgs);
root.TreatUnmatchedTokensAsErrors = false;
root.SetAction(async result =>
{
    if (result.GetValue(script) is not { } file) return await Interactive.RunAsync();
    if (!file.EndsWith(".csx", StringComparison.OrdinalIgnoreCase))
    {
        Console.Error.WriteLine($"mnist-scripting: '{file}' is neither a command nor a .csx file (mnist-scripting --help).");
        return 1;
    }
    return await ScriptRunner.RunAsync(file, [.. result.GetValue(scriptArgs) ?? [], .. result.UnmatchedTokens], new ScriptEnvironment(), Console.Error);
});

var run = new Command("run", "run a script; exit 0 ok, 1 compile error, 2 unhandled exception");
var runFile = new Argument<string>("FILE.csx");
var runArgs = new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore, Description = "the script's Args" };
run.Add(runFile);
run.Add(runArgs);
run.TreatUnmatchedTokensAsErrors = false;
run.SetAction(result => ScriptRunner.RunAsync(result.GetRequiredValue(runFile),
    [.. result.GetValue(runArgs) ?? [], .. result.UnmatchedTokens], new ScriptEnvironment(), Console.Error));
root.Add(run);

var kernel = new Command("kernel", "serve a Jupyter kernel (started by Jupyter from the kernelspec)");
var connection = new Argument<string>("CONNECTION_FILE");
var fsharp = new Option<bool>("--fsharp") { Description = "F# cells (F# Interactive) instead of C#" };
kernel.Add(connection);
kernel.Add(fsharp);
kernel.SetAction(result => KernelServer.Start(result.GetRequiredValue(connection), result.GetValue(fsharp)));
root.Add(kernel);

var jupyter = new Command("jupyter", "install or remove the Jupyter kernelspecs (C# as NAME, F# as NAME-fsharp)");
var user = new Option<bool>("--user") { Description = "in the user's Jupyter folder (the default)" };
var prefix = new Option<string?>("--prefix") { Description = "in PREFIX/share/jupyter/kernels" };
var name = new Option<string>("--name") { Description = "the kernelspec's name", DefaultValueFactory = _ => KernelSpec.DefaultName };
var install = new Command("install", "write kernel.json and logos for the C# and the F# kernel") { user, prefix, name };
install.SetAction(result =>
{
    foreach (var language in KernelSpec.Languages)
    {
        var spec = language.Name(result.GetRequiredValue(name));
        var folder = KernelSpec.Install(language, spec, result.GetValue(prefix));
        Console.WriteLine($"Installed kernelspec {spec} ({language.DisplayName}) in {folder}");
    }
    return 0;
});
var uninstall = new Command("uninstall", "remove both kernelspecs") { user, prefix, name };
uninstall.SetAction(result =>
{
    var removedAny = false;
    foreach (var language in KernelSpec.Languages)
    {
        var spec = language.Name(result.GetRequiredValue(name));
        var removed = KernelSpec.Uninstall(spec, result.GetValue(prefix));
        Console.WriteLine(removed ? $"Removed kernelspec {spec}" : $"No kernelspec {spec} there");
        removedAny |= removed;
    }
    return removedAny ? 0 : 1;
});
var notebook = new Command("notebook", "convert percent-format scripts (// %% cells; .csx or .fsx) to notebooks with this program's C# or F# kernel, no outputs");
var notebookFiles = new Argument<string[]>("FILE.csx|FILE.fsx") { Arity = ArgumentArity.OneOrMore };
var output = new Option<string?>("--output", "-o") { Description = "the notebook to write (one script), or a folder (default: beside each script, as .ipynb)" };
notebook.Add(notebookFiles);
notebook.Add(output);
notebook.SetAction(result =>
{
    var files = result.GetRequiredValue(notebookFiles);
    var o = result.GetValue(output);
    if (files.Length > 1 && o is not null && o.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
    {
        Console.Error.WriteLine("notebook: -o names a folder when several scripts are converted");
        return 2;
    }
    foreach (var f in files)
    {
        var target = o is null ? Path.ChangeExtension(f, ".ipynb")
            : o.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) ? o
            : Path.Combine(o, Path.GetFileNameWithoutExtension(f) + ".ipynb");
        try { NotebookConverter.Convert(f, target); }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"notebook: {f}: {e.Message}");
            return 1;
        }
        Console.WriteLine($"{f} -> {target}");
    }
    return 0;
});
root.Add(notebook);

jupyter.Add(install);
jupyter.Add(uninstall);
root.Add(jupyter);

// No termination timeout: Ctrl-C keeps its meaning (a running script ends with 130, the REPL interrupts the cell)
// instead of being turned into a cancellation token nobody reads.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
