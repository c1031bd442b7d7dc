// Copies and conversions: contiguous, clone, dtype casts (Float(), Long(), ...) and moves between devices.
namespace Mnist.Scripting;

public sealed partial class Tensor
{
    /// <summary>This tensor if already contiguous, else a contiguous copy (tensor.contiguous()).</summary>
    public Tensor Contiguous() => IsContiguous ? this : Clone();

    /// <summary>A contiguous copy that keeps the graph (tensor.clone()).</summary>
    public Tensor Clone()
    {
        var r = EmptyLike();
        Backend.Copy(Raw, r.Raw);
        return Record(r, "CloneBackward0", this, g => g);
    }

    /// <summary>Converts to <paramref name="dtype"/> (tensor.to(dtype)); returns this when it already has it.</summary>
    public Tensor To(DType dtype)
    {
        if (dtype == DType) return this;
        var x = this;
        var r = CastRaw(dtype);
        return dtype.IsFloatingPoint() ? Record(r, "ToCopyBackward0", x, g => g.To(x.DType)) : r;
    }

    /// <summary>Moves to <paramref name="device"/> (tensor.to(device)); CUDA needs the CUDA backend, else a clear error.</summary>
    public Tensor To(Device device)
    {
        if (device == Device) return this;
        var target = Backends.Backend.For(device);
        var host = Backend.ToHost(Raw);
        var r = new Tensor(target.FromHost(host, DType), (int[])shape.Clone());
        var from = Device;
        return Record(r, "ToCopyBackward0", this, g => g.To(from));
    }

    /// <summary>float32 copy (tensor.float()); the book's <c>(preds &gt; 0.5).Float()</c>.</summary>
    public Tensor Float() => To(DType.Float32);
    /// <summary>float64 copy (tensor.double()).</summary>
    public Tensor Double() => To(DType.Float64);
    /// <summary>int64 copy (tensor.long()); floats are truncated toward zero.</summary>
    public Tensor Long() => To(DType.Int64);
    /// <summary>Bool copy (tensor.bool()): nonzero is true.</summary>
    public Tensor Bool() => To(DType.Bool);
    /// <summary>uint8 copy (tensor.byte()).</summary>
    public Tensor Byte() => To(DType.UInt8);
}
