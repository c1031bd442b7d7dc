// stdout/stderr of the kernel's cells: text is buffered and sent as iopub `stream` messages every 50 ms, whenever the
// kernel asks (before a chart, at cell end) and whenever 1 MiB has gathered, so a long cell shows its output as it goes,
// nothing is lost, and a cell that prints fast holds at most a batch (50 MB printed once made 12 MB messages).
using System.Text;

namespace Mnist.Scripting.Host.Kernel;

/// <summary>A TextWriter whose text goes to <paramref name="send"/> (stream name, text) in batches.</summary>
internal sealed class OutputStream(string name, Action<string, string> send) : TextWriter
{
    readonly StringBuilder pending = new();
    readonly Lock gate = new();
    readonly Lock sending = new();

    /// <summary>The most text one stream message carries.</summary>
    public const int MaxBatch = 1 << 20;

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) { lock (gate) pending.Append(value); SendIfFull(); }
    public override void Write(string? value) { lock (gate) pending.Append(value); SendIfFull(); }
    public override void Write(char[] buffer, int index, int count) { lock (gate) pending.Append(buffer, index, count); SendIfFull(); }
    public override void WriteLine(string? value) { lock (gate) pending.Append(value).Append('\n'); SendIfFull(); }

    void SendIfFull()
    {
        if (pending.Length >= MaxBatch) Flush();
    }

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
