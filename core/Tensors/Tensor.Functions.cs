// torch's function forms (torch.abs(x), torch.exp(x), torch.equal(a, b), float(t)) as static members. They are also the
// members F#'s own functions look for, so FSharp.Core's abs, exp, log, sqrt, tanh, **, pown, float and List.sum work on
// tensors, and F#'s `=` compares tensors as torch.equal does (C#'s Equals and == stay reference equality: tensors are
// keys of optimizer state and gradient maps).
using System.Collections;

namespace Mnist.Scripting;

public sealed partial class Tensor : IStructuralEquatable
{
    /// <summary>torch.abs(x); FSharp.Core's abs.</summary>
    public static Tensor Abs(Tensor x) => x.Abs();
    /// <summary>torch.exp(x); FSharp.Core's exp.</summary>
    public static Tensor Exp(Tensor x) => x.Exp();
    /// <summary>torch.log(x); FSharp.Core's log.</summary>
    public static Tensor Log(Tensor x) => x.Log();
    /// <summary>torch.sqrt(x); FSharp.Core's sqrt.</summary>
    public static Tensor Sqrt(Tensor x) => x.Sqrt();
    /// <summary>torch.tanh(x); FSharp.Core's tanh.</summary>
    public static Tensor Tanh(Tensor x) => x.Tanh();
    /// <summary>torch.pow(x, exponent); FSharp.Core's <c>x ** 2.0</c>.</summary>
    public static Tensor Pow(Tensor x, double exponent) => x.Pow(exponent);
    /// <summary>torch.pow(x, exponent) with a tensor exponent; FSharp.Core's <c>x ** y</c>.</summary>
    public static Tensor Pow(Tensor x, Tensor exponent) => x.Pow(exponent);

    /// <summary>An int64 scalar 0, which adds to any tensor without changing its dtype: FSharp.Core's List.sum starts from it.</summary>
    public static Tensor Zero => Of(0L);
    /// <summary>An int64 scalar 1, which multiplies any tensor without changing its dtype: FSharp.Core's pown starts from it.</summary>
    public static Tensor One => Of(1L);

    /// <summary>float(t) in Python, <c>(double)t</c> in C#, <c>float t</c> in F#: the value of a one-element tensor.</summary>
    public static explicit operator double(Tensor t) => t.Item();

    // F#'s `=`: torch.equal (Compare.cs), the same shape and values.
    bool IStructuralEquatable.Equals(object? other, IEqualityComparer comparer) => other is Tensor t && Equal(t);

    // Equal tensors hash alike: the shape and the first values, as float64.
    int IStructuralEquatable.GetHashCode(IEqualityComparer comparer)
    {
        var h = new HashCode();
        h.Add(Shape);
        foreach (var v in Numel <= 8 ? ToArray<double>() : Flatten()[..8].ToArray<double>()) h.Add(v == 0 ? 0.0 : v);
        return h.ToHashCode();
    }
}
