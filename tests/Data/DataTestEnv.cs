// Test setup for the data area: finds ../shared/data, points the cache at a temp folder and the mirror at shared/data.
using Mnist.Scripting.Data;

namespace Mnist.Scripting.Tests.Data;

/// <summary>Runs once for the Data tests: a private cache (MNIST_SCRIPTING_HOME) and the shared folder as the offline mirror.</summary>
[SetUpFixture]
public class DataTestEnv
{
    static string? home;
    static DataPath? sample;

    /// <summary>shared/data: MNIST_SCRIPTING_SHARED_DATA, else the first folder above the test assembly holding shared/data/mnist_sample.tgz.</summary>
    public static string SharedData { get; } = FindSharedData();

    /// <summary>The extracted MNIST_SAMPLE, extracted once per run from the mirror.</summary>
    public static DataPath Sample => sample ??= Datasets.UntarData(Urls.MnistSample);

    public static string Home => home ?? throw new InvalidOperationException("DataTestEnv not set up");

    static string FindSharedData()
    {
        return RepoPaths.SharedData ?? throw new DirectoryNotFoundException("Cannot find shared/data/mnist_sample.tgz above the test folder; set MNIST_SCRIPTING_SHARED_DATA.");
    }

    [OneTimeSetUp]
    public void SetUp()
    {
        home = Directory.CreateTempSubdirectory("mnist-data-tests-").FullName;
        Environment.SetEnvironmentVariable(DataHome.HomeVariable, home);
        Environment.SetEnvironmentVariable(DataHome.MirrorVariable, SharedData);
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        Environment.SetEnvironmentVariable(DataHome.HomeVariable, null);
        Environment.SetEnvironmentVariable(DataHome.MirrorVariable, null);
        if (home is not null) Directory.Delete(home, recursive: true);
    }

    /// <summary>A fresh, empty cache for one test (and an optional mirror); restores the shared settings when disposed.</summary>
    public static IDisposable FreshHome(out string dir, string? mirror = null)
    {
        var d = Directory.CreateTempSubdirectory("mnist-data-home-").FullName;
        dir = d;
        Environment.SetEnvironmentVariable(DataHome.HomeVariable, d);
        Environment.SetEnvironmentVariable(DataHome.MirrorVariable, mirror);
        return new Restore(() =>
        {
            Environment.SetEnvironmentVariable(DataHome.HomeVariable, home);
            Environment.SetEnvironmentVariable(DataHome.MirrorVariable, SharedData);
            Directory.Delete(d, recursive: true);
        });
    }

    sealed class Restore(Action a) : IDisposable { public void Dispose() => a(); }
}
