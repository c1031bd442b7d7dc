// Opening a data file only when its final target is a regular file: never blocking on a FIFO, never reading a device.
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Mnist.Scripting.Data;

/// <summary>Opens and reads files that must be regular files (not FIFOs, devices, sockets or folders), links followed.</summary>
internal static partial class RegularFile
{
    /// <summary>
    /// A read handle on <paramref name="file"/>. A missing file (or a link to one) is a <see cref="FileNotFoundException"/>
    /// starting with <paramref name="op"/>; anything else that is not a regular file is <paramref name="error"/>(reason).
    /// </summary>
    internal static SafeFileHandle Open(string file, string op, Func<string, Exception> error) =>
        OperatingSystem.IsLinux() ? OpenLinux(file, op, error) : OpenPortable(file, op, error);

    /// <summary>All bytes of <paramref name="file"/>, refused before reading when its target is over <paramref name="maxBytes"/>.</summary>
    internal static byte[] ReadAllBytes(string file, string op, long maxBytes, string limitName, Func<string, Exception> error)
    {
        using var h = Open(file, op, error);
        long length = RandomAccess.GetLength(h); // of the target, not of a link to it
        if (length > maxBytes)
            throw error($"the file has {length:N0} bytes, over {limitName} = {maxBytes:N0}");
        var bytes = new byte[length];
        int got = 0;
        while (got < bytes.Length)
        {
            int r = RandomAccess.Read(h, bytes.AsSpan(got), got);
            if (r == 0) throw error($"the file shrank from {length:N0} to {got:N0} bytes while it was read");
            got += r;
        }
        return bytes;
    }

    // The type is checked twice: by path before opening, so a device is never even opened, and on the open handle,
    // so a file swapped for a FIFO in between is still refused. O_NONBLOCK makes that open return at once on a FIFO
    // (a blocking open waits for a writer forever); on a regular file it changes nothing, reads never return EAGAIN.
    static SafeFileHandle OpenLinux(string file, string op, Func<string, Exception> error)
    {
        if (StatX(AtFdCwd, file, 0, StatxType, out var st) != 0) throw OpenFailed(file, op, error, Marshal.GetLastPInvokeError());
        if ((st.Mode & SIfMt) != SIfReg) throw error(NotRegular(file, st.Mode));
        int fd = OpenFd(file, ORdOnly | ONonBlock | OCloExec | ONoCtty);
        if (fd < 0) throw OpenFailed(file, op, error, Marshal.GetLastPInvokeError());
        var h = new SafeFileHandle(fd, ownsHandle: true);
        if (StatX(fd, "", AtEmptyPath, StatxType, out st) != 0 || (st.Mode & SIfMt) != SIfReg)
        {
            h.Dispose();
            throw error(NotRegular(file, st.Mode));
        }
        return h;
    }

    // Elsewhere .NET alone tells folders from files but not FIFOs from files; Windows has no FIFOs in the file system.
    static SafeFileHandle OpenPortable(string file, string op, Func<string, Exception> error)
    {
        var info = new FileInfo(file);
        if (info.LinkTarget is not null && File.ResolveLinkTarget(file, returnFinalTarget: true) is { Exists: false } target)
            throw new FileNotFoundException($"{op}: '{file}' is a link to '{target.FullName}', which does not exist", file);
        if (Directory.Exists(file)) throw error("it is a folder, not a regular file");
        if (!info.Exists) throw new FileNotFoundException($"{op}: no such file '{file}'", file);
        return File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read);
    }

    static Exception OpenFailed(string file, string op, Func<string, Exception> error, int errno)
    {
        string? target = Target(file);
        return errno switch
        {
            ENoEnt when target is not null => new FileNotFoundException($"{op}: '{file}' is a link to '{target}', which does not exist", file),
            ENoEnt or ENotDir => new FileNotFoundException($"{op}: no such file '{file}'", file),
            // open(2) answers ENXIO for a socket and for a device with no driver behind it.
            ENxIo => error($"{Name(target)} is a socket or a device, not a regular file; only regular files are read"),
            _ => error($"cannot open it: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})"),
        };
    }

    static string NotRegular(string file, int mode) =>
        $"{Name(Target(file))} is {(mode & SIfMt) switch
        {
            SIfIfo => "a FIFO (named pipe)",
            SIfChr => "a character device",
            SIfBlk => "a block device",
            SIfDir => "a folder",
            SIfSock => "a socket",
            _ => $"a special file (mode 0x{mode:X})",
        }}, not a regular file; only regular files are read";

    static string Name(string? target) => target is null ? "it" : $"it is a link to '{target}', which";

    static string? Target(string file)
    {
        try { return new FileInfo(file).LinkTarget is null ? null : File.ResolveLinkTarget(file, returnFinalTarget: true)?.FullName; }
        catch (IOException) { return null; } // a loop of links: the errno already says so
    }

    // statx(2) rather than stat(2): its struct has one layout on every Linux architecture (linux/stat.h).
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    struct Statx
    {
        [FieldOffset(28)] public ushort Mode;
    }

    const int AtFdCwd = -100, AtEmptyPath = 0x1000, StatxType = 0x1;
    const int ORdOnly = 0, ONoCtty = 0x100, ONonBlock = 0x800, OCloExec = 0x80000;
    const int SIfMt = 0xF000, SIfIfo = 0x1000, SIfChr = 0x2000, SIfDir = 0x4000, SIfBlk = 0x6000, SIfReg = 0x8000, SIfSock = 0xC000;
    const int ENoEnt = 2, ENxIo = 6, ENotDir = 20;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatX(int dirFd, string path, int flags, int mask, out Statx buf);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFd(string path, int flags);
}
