// Cooperative cancellation of a running cell: loops in cell code are rewritten to call Interrupt.Check() (LoopGuard),
// which throws once Ctrl-C or a timeout has asked for it.
namespace Mnist.Scripting.Host;

/// <summary>The flag cells poll at every loop iteration; set by Ctrl-C or a submission timeout.</summary>
public static class Interrupt
{
    static volatile bool requested;

    /// <summary>Asks the running cell to stop at its next loop iteration.</summary>
    public static void Request() => requested = true;

    /// <summary>Clears a pending request (before each cell).</summary>
    public static void Reset() => requested = false;

    /// <summary>Throws OperationCanceledException if a stop was requested; called by rewritten loops.</summary>
    public static void Check()
    {
        if (!requested) return;
        requested = false;
        throw new OperationCanceledException("KeyboardInterrupt: the cell was interrupted (Ctrl-C or timeout).");
    }
}
