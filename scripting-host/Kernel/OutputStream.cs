// stdout/stderr of the kernel's cells: text is buffered and sent as iopub `stream` messages every 50 ms and whenever
// the kernel asks (before a chart, at cell end), so a long cell shows its output as it goes and nothing is lost.
using System.Text;

namespace Mnist.Scripting.Host.Kernel;

/// <summary>A TextWriter whose text goes to <paramref name="send"/> (stream name, text) in batches.</summary>
internal sealed class OutputStream(string name, Action<string, string> send) : TextWriter
{
    readonly StringBuilder pending = new();
    readonly Lock gate = new();
    readonly Lock sending = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) { lock (gate) pending.Append(value); }
    public override void Write(string? value) { lock (gate) pending.Append(value); }
    public override void Write(char[] buffer, int index, int count) { lock (gate) pending.Append(buffer, index, count); }
    public override void WriteLine(string? value) { lock (gate) pending.Append(value).Append('\n'); }

    /// <summary>Sends what is buffered (the timer and the kernel both call it; sends keep their order).</summary>
    public override void Flush()
    {
        lock (sending)
        {
            string text;
            lock (gate)
            {
                if (pending.Length == 0) return;
                text = pending.ToString();
                pending.Clear();
            }
            send(name, text);
        }
    }
}
