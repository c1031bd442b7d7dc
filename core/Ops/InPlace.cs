// In-place updates: w -= w.Grad * lr under NoGrad (C# 14 compound operators), and named forms for F# (Sub_, Mul_, ...).
using Mnist.Scripting.Autograd;
using Mnist.Scripting.Backends;

namespace Mnist.Scripting;

public sealed partial class Tensor
{
    // PyTorch's rules for in-place ops while gradients are recorded: never on a leaf that requires grad or a view of one.
    void CheckInPlace(string op)
    {
        if (!GradMode.Enabled) return;
        if (requiresGrad && IsLeaf)
            throw new InvalidOperationException($"{op}: a leaf Variable that requires grad is being used in an in-place operation. Wrap the update in `using (Tensor.NoGrad()) {{ ... }}`.");
        if (viewBase is { requiresGrad: true, IsLeaf: true })
            throw new InvalidOperationException($"{op}: a view of a leaf Variable that requires grad is being used in an in-place operation. Wrap the update in `using (Tensor.NoGrad()) {{ ... }}`.");
        // The view carries no graph, so its base's grad_fn would never learn of the write (PyTorch refuses it too).
        if (!requiresGrad && viewBase is { requiresGrad: true })
            throw new InvalidOperationException($"{op}: A view was created in no_grad mode and is being modified inplace with grad mode enabled; its base takes part in the autograd graph, which would miss the write. " +
                                                "Do the write under `using (Tensor.NoGrad())` too, or take the view with grad mode on.");
    }

    // A recorded in-place op on a view would have to rewrite its base's grad_fn too (PyTorch's CopySlices); we refuse it
    // rather than give the base a gradient that misses the update.
    void RefuseRecordedViewUpdate(string op)
    {
        if (viewBase is not null)
            throw new NotSupportedException($"{op}: an in-place op on a view while recording gradients is not supported here (its base's gradient would miss it). " +
                                            "Make the update out of place (y = y * 2, Tensor.Where, Tensor.Cat), or do it under `using (Tensor.NoGrad())` if no gradient should flow.");
    }

    // Applies the primitive prim in place, under its in-place name in OpTable (sub_), with the public op of the same id
    // (Apply) for every path but the fast one, so the two cannot compute different things. While recording a graph,
    // the op runs out of place on a copy of the old values (which backward may need, as PyTorch's original_self), the
    // result is written back into this tensor's storage, so views see it, and this tensor takes over the op's grad_fn.
    Tensor InPlace(BinaryOp prim, Tensor other)
    {
        var name = OpTable.Of(prim).InPlace ?? throw new NotSupportedException($"{OpTable.Of(prim).TorchName} has no in-place form");
        CheckInPlace(name);
        if (GradMode.Enabled && (requiresGrad || other.requiresGrad)) return RecordInPlace(name, other, prim);
        // The SGD step's path: write straight into this tensor's elements when types already agree and the
        // operand does not alias them in another layout.
        var t = DTypes.ResultType(this, other);
        if (t == DType && (prim != BinaryOp.Div || DType.IsFloatingPoint()) && !Aliases(other) && other.Device == Device)
        {
            Shapes.Broadcast(shape, other.shape);
            var rhs = other.CastRaw(t).BroadcastView(shape);
            Backend.Binary(prim, Raw, rhs, Raw);
            storage.Version++;
            return this;
        }
        Tensor result;
        using (GradMode.Disable()) result = Detach().Apply(prim, other);
        CopyFrom(result, name);
        return this;
    }

    // Kept apart from InPlace so that its closure over prim is made on the recorded path only, not on the SGD step's.
    Tensor RecordInPlace(string name, Tensor other, BinaryOp prim) => RecordInPlace(name, other, (a, b) => a.Apply(prim, b));

    // The recorded form of an in-place op: see InPlace.
    Tensor RecordInPlace(string name, Tensor other, Func<Tensor, Tensor, Tensor> op)
    {
        RefuseRecordedViewUpdate(name);
        Tensor copy;
        using (GradMode.Disable()) copy = Clone();
        var old = new Tensor(copy.storage, copy.shape) { gradFn = gradFn, requiresGrad = requiresGrad, accumulator = accumulator };
        var r = op(old, other);
        if (!r.shape.AsSpan().SequenceEqual(shape))
            throw new ShapeException($"{name}: output with shape {Shapes.Show(shape)} doesn't match the broadcast shape {Shapes.Show(r.shape)}");
        CheckCast(name, r);
        Backend.Copy(r.CastRaw(DType).Raw, Raw);
        storage.Version++;
        gradFn = r.gradFn; requiresGrad = r.requiresGrad;
        graphRebase = ++storage.GraphRebases;
        return this;
    }

    // other reads this tensor's elements in another layout, so a direct elementwise write would read updated values.
    bool Aliases(Tensor other) =>
        ReferenceEquals(other.storage, storage) && !(other.offset == offset && other.strides.AsSpan().SequenceEqual(strides));

    /// <summary>
    /// this += alpha · other, in place (tensor.add_(other, alpha=alpha)): the optimizer step <c>p.AddInPlace(p.Grad, -lr)</c>
    /// in one pass, with neither a scalar tensor nor a temporary for <c>other * alpha</c>. Equal, bit for bit, to
    /// <c>SubInPlace(other * -alpha)</c> (alpha is rounded to this tensor's dtype, the product before the add).
    /// </summary>
    public Tensor AddInPlace(Tensor other, double alpha)
    {
        CheckInPlace("add_");
        if (GradMode.Enabled && (requiresGrad || other.requiresGrad)) return RecordAddScaled(other, alpha);
        // The backend's axpy: float tensors of one dtype, device and shape that do not overlap in another layout.
        if (DType.IsFloatingPoint() && other.DType == DType && other.Device == Device && other.shape.AsSpan().SequenceEqual(shape) && !Aliases(other))
        {
            Backend.AddScaled(Raw, other.Raw, alpha);
            storage.Version++;
            return this;
        }
        Tensor result;
        using (GradMode.Disable()) result = Detach() + other * ScaleFor(other, alpha);
        CopyFrom(result, "add_");
        return this;
    }

    // Kept out of AddInPlace so that its closure is only allocated when a graph is recorded.
    Tensor RecordAddScaled(Tensor other, double alpha) => RecordInPlace("add_", other, (a, b) => a + b * ScaleFor(b, alpha));

    // An integral alpha keeps integer tensors integer (torch: add_(ints, alpha=2) stays int64).
    static Tensor ScaleFor(Tensor other, double alpha) =>
        !other.DType.IsFloatingPoint() && alpha == Math.Round(alpha) && Math.Abs(alpha) < 9e18 ? other.Wrap((long)alpha) : other.Wrap(alpha);

    // In-place arithmetic may not silently truncate a float result into an integer tensor; copy_ converts.
    void CheckCast(string op, Tensor src)
    {
        if (op is not ("copy_" or "index_put_") && src.DType.IsFloatingPoint() && !DType.IsFloatingPoint())
            throw new InvalidOperationException($"{op}: result type {src.DType.TorchName()} can't be cast to the desired output type {DType.TorchName()}");
    }

    /// <summary>Copies <paramref name="src"/> (broadcast, converted) into this tensor's elements (tensor.copy_()).</summary>
    public Tensor CopyFrom(Tensor src) => CopyFrom(src, "copy_");

    internal Tensor CopyFrom(Tensor src, string op)
    {
        CheckInPlace(op);
        if (GradMode.Enabled && (requiresGrad || src.requiresGrad))
            throw new NotSupportedException($"{op}: writing into a tensor that takes part in the autograd graph is not supported here (the graph would not see the write). " +
                                            "Build the tensor out of place (Tensor.Where, Tensor.Cat, Tensor.Stack), or write under `using (Tensor.NoGrad())` if no gradient should flow.");
        CheckCast(op, src);
        if (src.Device != Device) src = src.To(Device);
        Shapes.Broadcast(shape, src.shape);
        Backend.Copy(src.CastRaw(DType).BroadcastView(shape), Raw);
        storage.Version++;
        return this;
    }

    /// <summary>this += other, in place (tensor.add_()).</summary>
    public Tensor AddInPlace(Tensor other) => InPlace(BinaryOp.Add, other);
    /// <summary>this -= other, in place (tensor.sub_()): the SGD step <c>w.SubInPlace(w.Grad * lr)</c>.</summary>
    public Tensor SubInPlace(Tensor other) => InPlace(BinaryOp.Sub, other);
    /// <summary>this *= other, in place (tensor.mul_()).</summary>
    public Tensor MulInPlace(Tensor other) => InPlace(BinaryOp.Mul, other);
    /// <summary>this /= other, in place (tensor.div_()).</summary>
    public Tensor DivInPlace(Tensor other) => InPlace(BinaryOp.Div, other);

    public Tensor AddInPlace(double other) => AddInPlace(Wrap(other));
    public Tensor SubInPlace(double other) => SubInPlace(Wrap(other));
    public Tensor MulInPlace(double other) => MulInPlace(Wrap(other));
    public Tensor DivInPlace(double other) => DivInPlace(Wrap(other));
    public Tensor AddInPlace(long other) => AddInPlace(Wrap(other));
    public Tensor SubInPlace(long other) => SubInPlace(Wrap(other));
    public Tensor MulInPlace(long other) => MulInPlace(Wrap(other));
    // int forms, so that an F# int literal picks one overload instead of being ambiguous between double and long.
    public Tensor AddInPlace(int other) => AddInPlace((long)other);
    public Tensor SubInPlace(int other) => SubInPlace((long)other);
    public Tensor MulInPlace(int other) => MulInPlace((long)other);

    /// <summary>PyTorch's trailing-underscore names, for F# and for readers of the book.</summary>
    public Tensor Add_(Tensor other) => AddInPlace(other);
    public Tensor Sub_(Tensor other) => SubInPlace(other);
    public Tensor Mul_(Tensor other) => MulInPlace(other);
    public Tensor Div_(Tensor other) => DivInPlace(other);
    public Tensor Add_(double other) => AddInPlace(other);
    public Tensor Sub_(double other) => SubInPlace(other);
    public Tensor Mul_(double other) => MulInPlace(other);
    public Tensor Div_(double other) => DivInPlace(other);
    public Tensor Add_(Tensor other, double alpha) => AddInPlace(other, alpha);

    /// <summary>Fills with zeros in place (tensor.zero_()): the book's <c>weights.grad.zero_()</c>.</summary>
    public Tensor Zero_() => Fill_(0);

    /// <summary>Fills with <paramref name="value"/> in place (tensor.fill_()).</summary>
    public Tensor Fill_(double value)
    {
        CheckInPlace("fill_");
        if (GradMode.Enabled && requiresGrad)
            throw new NotSupportedException("fill_: filling a tensor that takes part in the autograd graph is not supported here (the graph would not see it). " +
                                            "Use Tensor.FullLike(...) out of place, or fill under `using (Tensor.NoGrad())`.");
        Backend.Fill(Raw, value);
        storage.Version++;
        return this;
    }

    /// <summary>Sets requires_grad in place (tensor.requires_grad_()), for readers of the book.</summary>
    public Tensor RequiresGrad_(bool requiresGrad = true) => RequiresGrad(requiresGrad);

    // C# 14 compound assignment: `w -= w.Grad * lr` updates w itself, as in PyTorch.
    public void operator +=(Tensor other) => AddInPlace(other);
    public void operator -=(Tensor other) => SubInPlace(other);
    public void operator *=(Tensor other) => MulInPlace(other);
    public void operator /=(Tensor other) => DivInPlace(other);
    public void operator +=(double other) => AddInPlace(other);
    public void operator -=(double other) => SubInPlace(other);
    public void operator *=(double other) => MulInPlace(other);
    public void operator /=(double other) => DivInPlace(other);
    public void operator +=(long other) => AddInPlace(other);
    public void operator -=(long other) => SubInPlace(other);
    public void operator *=(long other) => MulInPlace(other);
}
