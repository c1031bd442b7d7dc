// A kernel never outlives the client that started it. Jupyter's launcher names itself in JPY_PARENT_PID (a process id
// on Unix, an inheritable process handle on Windows), as ipykernel's parent poller reads it; without it, a kernel whose
// parent process goes away is re-parented, which getppid() shows. Either way the kernel ends within about a second.
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Mnist.Scripting.Host.Kernel;

internal static class ParentWatch
{
    /// <summary>How often the parent is looked at (ipykernel: every second).</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    /// <summary>Starts watching on a background thread; calls <paramref name="orphaned"/> once, with what was seen, when
    /// the parent is gone. Returns what is watched ("" when nothing can be: PID 1 as the parent never goes away).</summary>
    public static string Start(Action<string> orphaned)
    {
        var named = Environment.GetEnvironmentVariable("JPY_PARENT_PID");
        Func<string?>? gone = null;
        string watched = "";
        if (OperatingSystem.IsWindows())
        {
            if (long.TryParse(named, out var handle) && handle != 0)
            {
                var process = new ManualResetEvent(false) { SafeWaitHandle = new SafeWaitHandle((nint)handle, ownsHandle: false) };
                watched = $"the process handle {handle} (JPY_PARENT_PID)";
                gone = () => process.WaitOne(0) ? "the parent process (JPY_PARENT_PID) exited" : null;
            }
        }
        else
        {
            var original = getppid();
            // JPY_PARENT_PID "1" or a PID that is not ours to watch is read as ipykernel does: nothing to poll.
            if (int.TryParse(named, out var pid) && pid > 1)
            {
                watched = $"process {pid} (JPY_PARENT_PID)";
                gone = () => Alive(pid) ? null : $"the parent process {pid} (JPY_PARENT_PID) is gone";
            }
            else if (original > 1)
            {
                watched = $"the parent process {original}";
                gone = () => getppid() != original ? $"the parent process {original} is gone (re-parented to {getppid()})" : null;
            }
        }
        if (gone is null) return "";
        new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(Period);
                if (gone() is { } why) { orphaned(why); return; }
            }
        }) { IsBackground = true, Name = "parent watch" }.Start();
        return watched;
    }

    // kill(pid, 0) tells whether the process exists (EPERM: it exists, owned by someone else). A client that died but
    // was not yet reaped (its own parent gone too, and an init that reaps late) is a zombie: on Linux, gone.
    static bool Alive(int pid)
    {
        if (kill(pid, 0) != 0 && Marshal.GetLastPInvokeError() != EPERM) return false;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..] is not ['Z', ..];
        }
        catch (IOException) { return true; } // no /proc (macOS): kill's answer stands
        catch (UnauthorizedAccessException) { return true; }
    }

    const int EPERM = 1;

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);

    [DllImport("libc")]
    static extern int getppid();
}
