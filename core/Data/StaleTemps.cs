// Temporary files and folders named after the process that owns them, so a later run can remove those a killed process left.
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Mnist.Scripting.Data;

internal static partial class StaleTemps
{
    /// <summary>"{prefix}.{pid}.{guid}.tmp": unique, and says which process may still be writing it.</summary>
    internal static string Name(string prefix) => $"{prefix}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";

    [GeneratedRegex(@"^(?<prefix>.+)\.(?<pid>\d{1,9})\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex Pattern();

    /// <summary>
    /// Deletes the temporaries in <paramref name="dir"/> named by <see cref="Name"/> (with <paramref name="prefix"/>, or any
    /// prefix when null) whose owner process is gone. Returns what it deleted; one it cannot delete is left for the next run.
    /// </summary>
    internal static List<string> Sweep(string dir, string? prefix)
    {
        var removed = new List<string>();
        if (!Directory.Exists(dir)) return removed;
        foreach (var path in Directory.EnumerateFileSystemEntries(dir, (prefix ?? "") + "*.tmp"))
        {
            var m = Pattern().Match(Path.GetFileName(path));
            if (!m.Success || (prefix is not null && m.Groups["prefix"].Value != prefix)) continue;
            if (OwnerAlive(int.Parse(m.Groups["pid"].Value), path)) continue;
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                else File.Delete(path);
                removed.Add(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return removed;
    }

    // A PID can be reused: a process that started after the temporary was made cannot be its owner. Process start times on
    // Linux are only good to about a second (boot time is whole seconds), hence the slack; when unsure, the owner is alive.
    static bool OwnerAlive(int pid, string path)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var p = Process.GetProcessById(pid);
            if (p.HasExited) return false;
            var created = File.GetCreationTimeUtc(path);
            var written = File.GetLastWriteTimeUtc(path);
            var made = created < written ? created : written;
            return p.StartTime.ToUniversalTime() <= made + TimeSpan.FromSeconds(5);
        }
        catch (ArgumentException) { return false; } // no such process
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException) { return true; }
    }
}
