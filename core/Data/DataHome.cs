// Where downloads live, laid out like fastai's so existing data is reused: {home}/archive and {home}/data, home = ~/.fastai.
namespace Mnist.Scripting.Data;

/// <summary>
/// The fastai-compatible cache: archives in <c>~/.fastai/archive</c>, extracted data in <c>~/.fastai/data</c>.
/// Home is MNIST_SCRIPTING_HOME, else FASTAI_HOME, else ~/.fastai; a fastai <c>config.ini</c> there may rename archive/data.
/// </summary>
public static class DataHome
{
    /// <summary>Our own override of the cache root (takes precedence over FASTAI_HOME).</summary>
    public const string HomeVariable = "MNIST_SCRIPTING_HOME";
    /// <summary>A folder holding archives by file name (mnist_sample.tgz, mnist/*.gz), consulted before the network.</summary>
    public const string MirrorVariable = "MNIST_SCRIPTING_MIRROR";

    /// <summary>The cache root.</summary>
    public static string Home =>
        Environment.GetEnvironmentVariable(HomeVariable) is { Length: > 0 } h ? Path.GetFullPath(h)
        : Environment.GetEnvironmentVariable("FASTAI_HOME") is { Length: > 0 } f ? Path.GetFullPath(f)
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fastai");

    /// <summary>Downloaded archives (fastai's archive path).</summary>
    public static string ArchiveDir => Resolve("archive");
    /// <summary>Extracted data sets (fastai's data path).</summary>
    public static string DataDir => Resolve("data");

    /// <summary>The offline mirror folder, or null when MNIST_SCRIPTING_MIRROR is not set.</summary>
    public static string? Mirror => Environment.GetEnvironmentVariable(MirrorVariable) is { Length: > 0 } m ? Path.GetFullPath(m) : null;

    // fastai's config.ini: "[DEFAULT]\narchive = archive\ndata = data\n...", paths relative to home.
    static string Resolve(string key)
    {
        var home = Home;
        var ini = Path.Combine(home, "config.ini");
        if (File.Exists(ini))
            foreach (var line in File.ReadLines(ini))
            {
                var eq = line.IndexOf('=');
                if (eq > 0 && line[..eq].Trim() == key && line[(eq + 1)..].Trim() is { Length: > 0 } v)
                    return Path.GetFullPath(Path.Combine(home, Environment.ExpandEnvironmentVariables(v.StartsWith('~') ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + v[1..] : v)));
            }
        return Path.Combine(home, key);
    }
}
