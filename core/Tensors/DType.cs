// Element types and PyTorch's type-promotion rules for the mixed cases the chapter uses.
namespace Mnist.Scripting;

/// <summary>Element type of a tensor (torch.dtype). Float32 is the default compute type.</summary>
public enum DType
{
    /// <summary>torch.bool: masks and comparison results, stored one byte per element.</summary>
    Bool,
    /// <summary>torch.uint8: image pixels.</summary>
    UInt8,
    /// <summary>torch.int64 (torch.long): labels and indices.</summary>
    Int64,
    /// <summary>torch.float32: the default floating type.</summary>
    Float32,
    /// <summary>torch.float64 (torch.double): used by gradient checks.</summary>
    Float64,
}

/// <summary>Facts about dtypes and the promotion lattice.</summary>
public static class DTypes
{
    /// <summary>PyTorch's name, e.g. "torch.float32".</summary>
    public static string TorchName(this DType t) => t switch
    {
        DType.Bool => "torch.bool",
        DType.UInt8 => "torch.uint8",
        DType.Int64 => "torch.int64",
        DType.Float32 => "torch.float32",
        DType.Float64 => "torch.float64",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>The legacy type string of <c>tensor.type()</c>, e.g. "torch.LongTensor".</summary>
    public static string LegacyTypeName(this DType t) => t switch
    {
        DType.Bool => "torch.BoolTensor",
        DType.UInt8 => "torch.ByteTensor",
        DType.Int64 => "torch.LongTensor",
        DType.Float32 => "torch.FloatTensor",
        DType.Float64 => "torch.DoubleTensor",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    public static bool IsFloatingPoint(this DType t) => t is DType.Float32 or DType.Float64;

    public static int ElementSize(this DType t) => t switch
    {
        DType.Bool or DType.UInt8 => 1,
        DType.Float32 => 4,
        _ => 8,
    };

    // 0 = bool, 1 = integer, 2 = floating: PyTorch promotes across categories by these ranks.
    internal static int Category(this DType t) => t switch
    {
        DType.Bool => 0,
        DType.UInt8 or DType.Int64 => 1,
        _ => 2,
    };

    /// <summary>torch.promote_types for two dtypes of equal standing.</summary>
    public static DType Promote(DType a, DType b)
    {
        if (a == b) return a;
        if (a.Category() != b.Category()) return a.Category() > b.Category() ? a : b;
        return (DType)Math.Max((int)a, (int)b);
    }

    /// <summary>
    /// torch.result_type: dimensioned tensors outrank zero-dim tensors, which outrank wrapped C# numbers,
    /// unless a lower rank brings a higher category (int tensor * 1.5 is float32; uint8 tensor + 1 stays uint8).
    /// </summary>
    internal static DType ResultType(params ReadOnlySpan<Tensor> tensors)
    {
        DType? dims = null, zeros = null, wrapped = null;
        foreach (var t in tensors)
        {
            if (t.IsWrappedNumber) wrapped = PromoteOpt(wrapped, t.DType.IsFloatingPoint() ? DType.Float32 : t.DType);
            else if (t.Dim == 0) zeros = PromoteOpt(zeros, t.DType);
            else dims = PromoteOpt(dims, t.DType);
        }
        return Combine(dims, Combine(zeros, wrapped)) ?? DType.Float32;
    }

    static DType? PromoteOpt(DType? a, DType b) => a is null ? b : Promote(a.Value, b);

    // c10's combine_categories: a lower-ranked operand only matters when it lifts the category.
    static DType? Combine(DType? higher, DType? lower)
    {
        if (higher is null) return lower;
        if (lower is null || higher.Value.IsFloatingPoint()) return higher;
        if (higher == DType.Bool || lower.Value.IsFloatingPoint()) return Promote(higher.Value, lower.Value);
        return higher;
    }
}
