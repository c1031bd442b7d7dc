// The engine's messages to the person at the keyboard (a download starting and its progress, waiting for another
// process's lock, a stale folder removed, a setting ignored): the one place core writes text, so that a front end can
// route them and a test can capture them without swapping the process's standard error. Tables and charts have their
// own hooks (IFitDisplay, DownloadBars, the host's display).
namespace Mnist.Scripting;

/// <summary>Where the engine's one-line notices go: <see cref="Sink"/>, or the innermost <see cref="Capture"/> scope.</summary>
public static class Notices
{
    static readonly AsyncLocal<Action<string>?> captured = new();

    /// <summary>
    /// Where notices go outside a capture scope. The default writes a line on standard error, read at each call, so a
    /// host that redirects <c>Console.Error</c> (the notebook kernel, per cell) receives them.
    /// </summary>
    public static Action<string> Sink { get; set; } = line => Console.Error.WriteLine(line);

    /// <summary>Sends the notices made on this flow of control (this thread and the tasks it starts) to <paramref name="sink"/> until disposed.</summary>
    public static IDisposable Capture(Action<string> sink)
    {
        var outer = captured.Value;
        captured.Value = sink;
        return new Scope(() => captured.Value = outer);
    }

    internal static void Say(string line) => (captured.Value ?? Sink)(line);

    sealed class Scope(Action end) : IDisposable
    {
        bool ended;
        public void Dispose() { if (!ended) { ended = true; end(); } }
    }
}
