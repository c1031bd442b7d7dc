// Stopping a fit early: Ctrl-C (the first press stops after the current batch, a second one ends the process) or a token.
namespace Mnist.Scripting.Training;

/// <summary>Set by Ctrl-C while fitting, or by a CancellationToken (for tests and hosts).</summary>
internal sealed class StopSignal : IDisposable
{
    readonly CancellationToken token;
    volatile bool ctrlC;

    public StopSignal(CancellationToken token)
    {
        this.token = token;
        Console.CancelKeyPress += OnCancel;
    }

    public bool Requested => ctrlC || token.IsCancellationRequested;

    void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (ctrlC) return; // the second Ctrl-C terminates as usual
        ctrlC = true;
        e.Cancel = true;
    }

    public void Dispose() => Console.CancelKeyPress -= OnCancel;
}
