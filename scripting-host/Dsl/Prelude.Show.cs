// Show("accuracy_3s", accuracy3s): a cell's result, displayed like a cell value and recorded for the regression suite.
namespace Mnist.Scripting.Dsl;

public static partial class Prelude
{
    /// <summary>
    /// Displays <paramref name="value"/> as a cell result (its PyTorch-style text) and records it under
    /// <paramref name="name"/> for the regression suite: a "#report name = value" line in the REPL and scripts, the
    /// display's metadata in a notebook. Tensors, numbers, text and sizes; returns nothing, so it ends a cell.
    /// </summary>
    /// <example>Show("accuracy_3s", accuracy3s);   // tensor(0.9168)   (and #report accuracy_3s = 0.9168)</example>
    public static void Show(string name, object value)
    {
        CheckName(name);
        DslOutput.Show(value, name, ReportText(value));
    }
}
