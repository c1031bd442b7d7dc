// Bounds on what one archive may extract, so an archive bomb fails at its first excess instead of filling the disk.
using System.Globalization;

namespace Mnist.Scripting.Data;

/// <summary>
/// Limits for <see cref="SafeTar.Extract"/>. The defaults are generous for fastai's data sets (MNIST_SAMPLE extracts 14,442
/// entries and about 9 MB); <see cref="FromEnvironment"/> lets a user raise them without code.
/// </summary>
public sealed record ExtractLimits
{
    /// <summary>Overrides <see cref="MaxBytes"/>: bytes, or a number with K, M, G or T (powers of 1024), e.g. <c>20G</c>.</summary>
    public const string MaxBytesVariable = "MNIST_SCRIPTING_MAX_EXTRACT_BYTES";
    /// <summary>Overrides <see cref="MaxEntries"/>.</summary>
    public const string MaxEntriesVariable = "MNIST_SCRIPTING_MAX_EXTRACT_ENTRIES";

    /// <summary>Total bytes of files written (link copies included). Default 8 GiB.</summary>
    public long MaxBytes { get; init; } = 8L << 30;
    /// <summary>Entries of any kind. Default 1,000,000.</summary>
    public long MaxEntries { get; init; } = 1_000_000;
    /// <summary>Characters in one entry name or link target. Default 1,024 (each path component is also held to 255 bytes).</summary>
    public int MaxNameLength { get; init; } = 1024;

    /// <summary>The defaults, with <see cref="MaxBytesVariable"/> and <see cref="MaxEntriesVariable"/> applied when set.</summary>
    public static ExtractLimits FromEnvironment()
    {
        var l = new ExtractLimits();
        return l with { MaxBytes = Read(MaxBytesVariable, l.MaxBytes), MaxEntries = Read(MaxEntriesVariable, l.MaxEntries) };
    }

    static long Read(string variable, long fallback)
    {
        var v = Environment.GetEnvironmentVariable(variable)?.Trim();
        if (string.IsNullOrEmpty(v)) return fallback;
        int shift = char.ToUpperInvariant(v[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
        var digits = shift == 0 ? v : v[..^1];
        if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n > 0 && n <= long.MaxValue >> shift)
            return n << shift;
        throw new ArgumentException($"{variable}='{v}' is not a positive count: write a number such as 20000000000, or with K, M, G or T such as 20G.");
    }
}
