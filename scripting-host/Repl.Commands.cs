// REPL commands: :help, :reset, :load FILE, :vars, :time, :quit.
namespace Mnist.Scripting.Host;

public sealed partial class Repl
{
    const string Help = """
        Type C# and press Enter; a cell continues over several lines until it is complete. Variables persist.
        A trailing expression without ';' is displayed. Tab completes, Up/Down walk the history, Ctrl-C interrupts.
          :help          this text
          :help book     the book's Python names and ours (untar_data, tensor(), .backward(), Learner, ...)
          :reset         forget all variables (the prelude stays)
          :load FILE     run a .csx file in this session (its #load/#r resolve beside it)
          :vars          list variables with their types and values
          :time [CODE]   time the next cell (or CODE now)
          :quit          leave (also Ctrl-D)
        Prelude: Tensor and the Mnist.Scripting namespaces are imported; Report, PlotFunction, ShowImage, ShowHeatmap,
        PlotLine, Scatter, Subplots can be called directly; plots are saved under $MNIST_SCRIPTING_PLOTS (default ./plots).
        """;

    /// <summary>A command that fails (an unreadable :load file) prints its error; the session and its variables stay.</summary>
    async Task<bool> TryCommandAsync(string line)
    {
        try { return await CommandAsync(line); }
        catch (Exception e)
        {
            output.WriteLine(Errors.Format(e));
            return true;
        }
    }

    /// <summary>Runs a :command. Returns false when the session should end.</summary>
    public async Task<bool> CommandAsync(string line)
    {
        var space = line.IndexOf(' ');
        var name = space < 0 ? line : line[..space];
        var arg = space < 0 ? "" : line[(space + 1)..].Trim();
        switch (name)
        {
            case ":help" or ":h" or ":?":
                output.WriteLine(arg == "book" ? "The book's names here:\n" + BookNames.Plain() : Help);
                return true;
            case ":quit" or ":q" or ":exit":
                return false;
            case ":reset":
                Reset();
                output.WriteLine("Session reset: variables cleared.");
                return true;
            case ":vars":
                if (Variables.Count == 0) output.WriteLine("(no variables)");
                foreach (var v in Variables)
                {
                    // A value whose ToString throws is listed with its error, and the other variables still are.
                    string value;
                    try { value = ValueFormatter.Format(v.Value, nested: true).ReplaceLineEndings(" "); }
                    catch (Exception e) { value = $"({Errors.Headline(e)} while showing it)"; }
                    if (value.Length > 80) value = value[..77] + "...";
                    output.WriteLine($"{v.Name} : {ValueFormatter.TypeName(v.Type)} = {value}");
                }
                return true;
            case ":time":
                timeNext = true;
                if (arg.Length > 0) await SubmitAsync(arg);
                return true;
            case ":load":
                if (arg.Length == 0) { output.WriteLine(":load needs a file, e.g. :load scripts/01.csx"); return true; }
                var full = Path.GetFullPath(arg.Trim('"'));
                if (!File.Exists(full)) { output.WriteLine($":load: file '{arg}' not found."); return true; }
                await SubmitAsync(await File.ReadAllTextAsync(full), env.ForFile(full));
                return true;
            default:
                output.WriteLine($"Unknown command '{name}'. Commands: :help :reset :load :vars :time :quit");
                return true;
        }
    }
}
