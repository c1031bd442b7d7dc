// Console.In inside a kernel: Console.ReadLine() and Console.Read() in a cell ask the notebook's user (input_request on
// the stdin channel, answered by input_reply), as input() does in ipykernel. A request that did not allow stdin (nbclient,
// nbconvert, papermill: nobody to answer) gets a clear error instead of null.
namespace Mnist.Scripting.Host.Kernel;

/// <summary>Thrown when a cell reads the console but its client cannot answer (allow_stdin false).</summary>
public sealed class StdinNotAllowedException(string what)
    : InvalidOperationException($"{what}: this notebook client does not accept input (the cell was sent with allow_stdin " +
        "false, as nbclient, nbconvert and papermill send cells); give the value in the cell instead, or run the cell from " +
        "the notebook UI or jupyter console, which answer input requests.");

/// <summary>Reads lines from the user of the running cell. <paramref name="ask"/> sends one input_request with the prompt
/// and returns the reply's value; it is called on the cell's thread.</summary>
internal sealed class StdinReader(Func<string, string> ask) : TextReader
{
    volatile bool allowed;
    string pending = ""; // what is left of the last reply, for Read() and Peek()
    int at;

    /// <summary>Set before each cell from its request's allow_stdin; clears what a previous cell left unread.</summary>
    public void Begin(bool allowStdin)
    {
        allowed = allowStdin;
        pending = "";
        at = 0;
    }

    public override string? ReadLine()
    {
        if (at < pending.Length)
        {
            var rest = pending[at..].TrimEnd('\n');
            pending = "";
            at = 0;
            return rest;
        }
        return Ask("Console.ReadLine()");
    }

    public override int Read()
    {
        Fill("Console.Read()");
        return pending[at++];
    }

    public override int Peek() => at < pending.Length ? pending[at] : -1;

    public override int Read(char[] buffer, int index, int count)
    {
        if (count == 0) return 0;
        Fill("Console.In.Read");
        var n = Math.Min(count, pending.Length - at);
        pending.CopyTo(at, buffer, index, n);
        at += n;
        return n;
    }

    public override string ReadToEnd()
        => throw new NotSupportedException("Console.In.ReadToEnd() in a notebook cell: the user's input has no end; read lines with Console.ReadLine()");

    // A line the user typed, with its newline, as a console gives it.
    void Fill(string what)
    {
        if (at < pending.Length) return;
        pending = Ask(what) + "\n";
        at = 0;
    }

    string Ask(string what)
    {
        if (!allowed) throw new StdinNotAllowedException(what);
        return ask("");
    }
}
