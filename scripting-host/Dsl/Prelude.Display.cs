// IPython's display(x): show a value now, in the middle of a cell (a notebook output; a printed line in the REPL).
namespace Mnist.Scripting.Dsl;

public static partial class Prelude
{
    /// <summary>IPython's display(x): in a notebook a chart shows as its picture and anything else as its text; in the
    /// REPL and scripts the value is printed.</summary>
    /// <example>Display(PlotFunction(x => x.Pow(2))); Display(Tensor.Of(1.0, 2.0));</example>
    public static void Display(object? value) => DslOutput.Display(value);
}
