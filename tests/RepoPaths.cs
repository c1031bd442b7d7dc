// Where the repository is, found once for every test that reads its files (scripts, README, cuda-kernels).
namespace Mnist.Scripting.Tests;

public static class RepoPaths
{
    /// <summary>The repository root: the first folder above the test assembly holding the solution and scripts/.</summary>
    public static string Root { get; } = FindRoot();

    public static string Under(params string[] parts) => Path.Combine([Root, .. parts]);

    static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Mnist.Scripting.sln")) && Directory.Exists(Path.Combine(d.FullName, "scripts")))
                return d.FullName;
        throw new DirectoryNotFoundException("Cannot find the repository (Mnist.Scripting.sln and scripts/) above the test folder.");
    }
}
