// A file-system path in the fastai spirit: path / "train" / "3", .Ls(), .Sorted(), printed as Path('train/3').
using IOPath = System.IO.Path;

namespace Mnist.Scripting.Data;

/// <summary>
/// A path that reads like Python's pathlib / fastai: <c>(path / "train" / "3").Ls().Sorted()</c>.
/// Prints relative to <see cref="BasePath"/> when set (fastai's Path.BASE_PATH).
/// </summary>
public sealed class DataPath : IEquatable<DataPath>, IComparable<DataPath>
{
    /// <summary>The absolute, normalised path.</summary>
    public string FullName { get; }

    public DataPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FullName = IOPath.TrimEndingDirectorySeparator(IOPath.GetFullPath(path));
    }

    /// <summary>Printing shows paths relative to this folder (fastai's <c>Path.BASE_PATH = path</c>); null prints them in full.</summary>
    public static DataPath? BasePath { get; set; }

    /// <summary>The last component (pathlib's .name).</summary>
    public string Name => IOPath.GetFileName(FullName);
    /// <summary>The name without extension (pathlib's .stem).</summary>
    public string Stem => IOPath.GetFileNameWithoutExtension(FullName);
    /// <summary>The extension with its dot (pathlib's .suffix).</summary>
    public string Suffix => IOPath.GetExtension(FullName);
    /// <summary>The containing folder (pathlib's .parent).</summary>
    public DataPath Parent => new(IOPath.GetDirectoryName(FullName) ?? FullName);
    public bool Exists => File.Exists(FullName) || Directory.Exists(FullName);
    public bool IsDirectory => Directory.Exists(FullName);

    /// <summary>Joins a child: <c>path / "train" / "3"</c>.</summary>
    public static DataPath operator /(DataPath p, string child) => new(IOPath.Join(p.FullName, child));

    /// <summary>The folder's entries (fastai's path.ls()), in file-system order; call .Sorted() for the book's order.</summary>
    public PathList Ls()
    {
        if (!Directory.Exists(FullName))
            throw new DirectoryNotFoundException($"Ls(): '{FullName}' is not a folder. Check the path, or download the data with Datasets.UntarData(...).");
        return new PathList(Directory.EnumerateFileSystemEntries(FullName).Select(e => new DataPath(e)));
    }

    /// <summary>The path relative to <paramref name="root"/>, with '/' separators.</summary>
    public string RelativeTo(DataPath root) => IOPath.GetRelativePath(root.FullName, FullName).Replace('\\', '/');

    public static implicit operator string(DataPath p) => p.FullName;

    public override string ToString()
    {
        var b = BasePath;
        var shown = b is not null && (FullName + "/").StartsWith(b.FullName + "/", StringComparison.Ordinal) ? RelativeTo(b) : FullName;
        return $"Path('{shown}')";
    }

    public bool Equals(DataPath? other) => other is not null && string.Equals(FullName, other.FullName, StringComparison.Ordinal);
    public override bool Equals(object? obj) => Equals(obj as DataPath);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(FullName);
    /// <summary>Ordinal (byte-wise) order, like Python's sorted() on paths: train/3/10.png before train/3/10000.png before train/3/1007.png.</summary>
    public int CompareTo(DataPath? other) => string.CompareOrdinal(FullName, other?.FullName);
}
