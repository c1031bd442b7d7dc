// Cooperative cancellation of a running cell: loops in cell code are rewritten to call Interrupt.Check() (LoopGuard),
// which throws once Ctrl-C or a timeout has asked for it. Ctrl-C presses are counted per cell, not per session.
namespace Mnist.Scripting.Host;

/// <summary>Our own interrupt (Ctrl-C or a timeout). A distinct type so that an OperationCanceledException thrown by
/// the user's code is reported as itself, not mistaken for Python's KeyboardInterrupt.</summary>
public sealed class KeyboardInterruptException()
    : OperationCanceledException("KeyboardInterrupt: the cell was interrupted (Ctrl-C or timeout).");

/// <summary>The flag cells poll at every loop iteration; set by Ctrl-C or a submission timeout.</summary>
public static class Interrupt
{
    static volatile bool requested;
    static int presses;

    /// <summary>Asks the running cell to stop at its next loop iteration.</summary>
    public static void Request() => requested = true;

    /// <summary>Whether a stop was asked for and not yet taken (languages that stop a cell by other means read it).</summary>
    public static bool Requested => requested;

    /// <summary>A Ctrl-C during the running cell: asks it to stop and returns how many presses this cell has had
    /// (a second one means the cell is stuck in a single long call, and the caller may end the process).</summary>
    public static int Press()
    {
        requested = true;
        return Interlocked.Increment(ref presses);
    }

    /// <summary>Clears a pending request and the press count (before each cell).</summary>
    public static void Reset()
    {
        requested = false;
        Interlocked.Exchange(ref presses, 0);
    }

    /// <summary>Throws KeyboardInterruptException if a stop was requested; called by rewritten loops.</summary>
    public static void Check()
    {
        if (!requested) return;
        requested = false;
        throw new KeyboardInterruptException();
    }
}
