// C# operators. Explicit overloads for int, long, float and double on both sides (no implicit conversions),
// so `2.0f * x` and `x * 2.0f` both work from C# and F#.
namespace Mnist.Scripting;

public sealed partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    public static Tensor operator -(Tensor a) => a.Neg();

    public static Tensor operator +(Tensor a, double b) => a.Add(a.Wrap(b));
    public static Tensor operator +(Tensor a, float b) => a.Add(a.Wrap(b));
    public static Tensor operator +(Tensor a, long b) => a.Add(a.Wrap(b));
    public static Tensor operator +(Tensor a, int b) => a.Add(a.Wrap((long)b));
    public static Tensor operator +(double a, Tensor b) => b.Wrap(a).Add(b);
    public static Tensor operator +(float a, Tensor b) => b.Wrap(a).Add(b);
    public static Tensor operator +(long a, Tensor b) => b.Wrap(a).Add(b);
    public static Tensor operator +(int a, Tensor b) => b.Wrap((long)a).Add(b);

    public static Tensor operator -(Tensor a, double b) => a.Sub(a.Wrap(b));
    public static Tensor operator -(Tensor a, float b) => a.Sub(a.Wrap(b));
    public static Tensor operator -(Tensor a, long b) => a.Sub(a.Wrap(b));
    public static Tensor operator -(Tensor a, int b) => a.Sub(a.Wrap((long)b));
    public static Tensor operator -(double a, Tensor b) => b.Wrap(a).Sub(b);
    public static Tensor operator -(float a, Tensor b) => b.Wrap(a).Sub(b);
    public static Tensor operator -(long a, Tensor b) => b.Wrap(a).Sub(b);
    public static Tensor operator -(int a, Tensor b) => b.Wrap((long)a).Sub(b);

    public static Tensor operator *(Tensor a, double b) => a.Mul(a.Wrap(b));
    public static Tensor operator *(Tensor a, float b) => a.Mul(a.Wrap(b));
    public static Tensor operator *(Tensor a, long b) => a.Mul(a.Wrap(b));
    public static Tensor operator *(Tensor a, int b) => a.Mul(a.Wrap((long)b));
    public static Tensor operator *(double a, Tensor b) => b.Wrap(a).Mul(b);
    public static Tensor operator *(float a, Tensor b) => b.Wrap(a).Mul(b);
    public static Tensor operator *(long a, Tensor b) => b.Wrap(a).Mul(b);
    public static Tensor operator *(int a, Tensor b) => b.Wrap((long)a).Mul(b);

    public static Tensor operator /(Tensor a, double b) => a.Div(a.Wrap(b));
    public static Tensor operator /(Tensor a, float b) => a.Div(a.Wrap(b));
    public static Tensor operator /(Tensor a, long b) => a.Div(a.Wrap(b));
    public static Tensor operator /(Tensor a, int b) => a.Div(a.Wrap((long)b));
    public static Tensor operator /(double a, Tensor b) => b.Wrap(a).Div(b);
    public static Tensor operator /(float a, Tensor b) => b.Wrap(a).Div(b);
    public static Tensor operator /(long a, Tensor b) => b.Wrap(a).Div(b);
    public static Tensor operator /(int a, Tensor b) => b.Wrap((long)a).Div(b);

    // Comparisons give Bool tensors; == and != keep .NET reference equality, so use Eq/Ne for elementwise equality.
    public static Tensor operator >(Tensor a, Tensor b) => a.Gt(b);
    public static Tensor operator <(Tensor a, Tensor b) => a.Lt(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.Ge(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.Le(b);
    public static Tensor operator >(Tensor a, double b) => a.Gt(b);
    public static Tensor operator <(Tensor a, double b) => a.Lt(b);
    public static Tensor operator >=(Tensor a, double b) => a.Ge(b);
    public static Tensor operator <=(Tensor a, double b) => a.Le(b);
    public static Tensor operator >(double a, Tensor b) => b.Lt(a);
    public static Tensor operator <(double a, Tensor b) => b.Gt(a);
    public static Tensor operator >=(double a, Tensor b) => b.Le(a);
    public static Tensor operator <=(double a, Tensor b) => b.Ge(a);

    /// <summary>Logical and / or / not of Bool masks (mask1 &amp; mask2, mask1 | mask2, ~mask).</summary>
    public static Tensor operator &(Tensor a, Tensor b) => a.LogicalAnd(b);
    public static Tensor operator |(Tensor a, Tensor b) => a.LogicalOr(b);
    public static Tensor operator ^(Tensor a, Tensor b) => a.LogicalXor(b);
    public static Tensor operator ~(Tensor a) => a.LogicalNot();
    public static Tensor operator !(Tensor a) => a.LogicalNot();
}
