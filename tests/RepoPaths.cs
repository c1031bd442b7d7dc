// Where the repository and the shared data are, found once for every test that reads them.
namespace Mnist.Scripting.Tests;

public static class RepoPaths
{
    /// <summary>The repository root: the first folder above the test assembly holding the solution and scripts/.</summary>
    public static string Root { get; } = FindRoot();

    public static string Under(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>
    /// The shared data folder (mnist_sample.tgz, mnist/): MNIST_SCRIPTING_SHARED_DATA, else the first shared/data above the
    /// test assembly; null when there is none.
    /// </summary>
    public static string? SharedData { get; } = FindSharedData();

    static string? FindSharedData()
    {
        if (Environment.GetEnvironmentVariable("MNIST_SCRIPTING_SHARED_DATA") is { Length: > 0 } env) return Path.GetFullPath(env);
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "shared", "data", "mnist_sample.tgz"))) return Path.Combine(d.FullName, "shared", "data");
        return null;
    }

    static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Mnist.Scripting.sln")) && Directory.Exists(Path.Combine(d.FullName, "scripts")))
                return d.FullName;
        throw new DirectoryNotFoundException("Cannot find the repository (Mnist.Scripting.sln and scripts/) above the test folder.");
    }
}
