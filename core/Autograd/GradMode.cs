// Whether ops record the graph: on by default, off inside Tensor.NoGrad() scopes and during Backward.
namespace Mnist.Scripting.Autograd;

internal static class GradMode
{
    [ThreadStatic] static int disabledDepth;

    public static bool Enabled => disabledDepth == 0;

    public static IDisposable Disable() { disabledDepth++; return new Scope(); }

    sealed class Scope : IDisposable
    {
        bool done;
        public void Dispose() { if (!done) { done = true; disabledDepth--; } }
    }
}
