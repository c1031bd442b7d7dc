// The errors SafeTar raises and their wording, in one place: each names the archive, the entry and what to do.
namespace Mnist.Scripting.Data;

/// <summary>An archive entry that would escape the target folder (absolute path, "..", link out), is not a file, folder or link,
/// clashes with another entry, or goes over an <see cref="ExtractLimits"/> bound.</summary>
public sealed class UnsafeArchiveException(string message) : IOException(message);

internal static class ArchiveErrors
{
    internal static UnsafeArchiveException Refuse(string archive, string entry, string problem) =>
        new($"SafeTar: refusing '{archive}': entry '{Shown(entry)}' {problem}. The archive may be hostile or damaged; nothing was extracted.");

    internal static UnsafeArchiveException OverLimit(string archive, string problem, string raise) =>
        new($"SafeTar: refusing '{archive}': {problem}. Nothing was extracted. If the archive is trusted, raise the limit: {raise}.");

    // Damage is reported as InvalidDataException, the type .NET's own decompressors use; the Data mark tells our reports
    // from the raw ones that SafeTar still has to wrap with the archive's name.
    internal const string Mark = "SafeTar.Archive";

    internal static InvalidDataException Corrupt(string archive, string detail, Exception? inner = null) =>
        new($"SafeTar: '{archive}' is truncated or corrupt: {detail}. Nothing was extracted; delete it and download it again.", inner) { Data = { [Mark] = archive } };

    internal static bool IsOurs(Exception e) => e.Data.Contains(Mark);

    // Hostile names can be megabytes long or hold control characters; the message shows a readable, bounded form.
    internal static string Shown(string name)
    {
        var s = new string(name.Select(c => char.IsControl(c) ? '?' : c).Take(201).ToArray());
        return s.Length > 200 ? s[..200] + $"... ({name.Length:N0} characters)" : s;
    }
}
