// One progress line per test area as it starts and ends, so a long `dotnet test` run shows where it is.
using System.Diagnostics;

namespace Mnist.Scripting.Tests
{
    /// <summary>Writes "[Area] ..." lines through TestContext.Progress, which dotnet test prints as they come.</summary>
    public abstract class AreaProgress
    {
        readonly Stopwatch clock = new();
        protected abstract string Area { get; }
        protected virtual string Expect => "";

        [OneTimeSetUp]
        public void Started()
        {
            clock.Start();
            TestContext.Progress.WriteLine($"[{Area}] started{Expect}");
        }

        [OneTimeTearDown]
        public void Finished()
        {
            var r = TestContext.CurrentContext.Result;
            TestContext.Progress.WriteLine($"[{Area}] {r.PassCount} passed, {r.FailCount} failed, {r.SkipCount} skipped in {clock.Elapsed.TotalSeconds:0} s");
        }
    }
}

namespace Mnist.Scripting.Tests.Core { [SetUpFixture] public sealed class AreaProgressLine : AreaProgress { protected override string Area => "Core"; } }
namespace Mnist.Scripting.Tests.Data { [SetUpFixture] public sealed class AreaProgressLine : AreaProgress { protected override string Area => "Data"; } }
namespace Mnist.Scripting.Tests.Training { [SetUpFixture] public sealed class AreaProgressLine : AreaProgress { protected override string Area => "Training"; } }
namespace Mnist.Scripting.Tests.Host { [SetUpFixture] public sealed class AreaProgressLine : AreaProgress { protected override string Area => "Host"; } }
namespace Mnist.Scripting.Tests.Cuda
{
    [SetUpFixture]
    public sealed class AreaProgressLine : AreaProgress
    {
        protected override string Area => "Cuda";
        protected override string Expect => Device.CudaAvailable ? ": on the GPU" : $": GPU parity skipped, {Device.CudaUnavailableReason}";
    }
}
namespace Mnist.Scripting.Tests.Scripts
{
    [SetUpFixture]
    public sealed class AreaProgressLine : AreaProgress
    {
        protected override string Area => "Scripts";
        protected override string Expect => ": every chapter script through the host, about 2-3 minutes on 2 cores";
    }
}
