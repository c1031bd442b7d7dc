// The tensor: a strided view over a storage, with the autograd fields. Ops live in Ops/, one family per file.
using Mnist.Scripting.Autograd;
using Mnist.Scripting.Backends;

namespace Mnist.Scripting;

/// <summary>
/// An n-dimensional array with reverse-mode autograd (torch.Tensor).
/// Views (<c>View</c>, <c>T</c>, slicing) share storage with their base, as in PyTorch.
/// </summary>
public sealed partial class Tensor
{
    internal Storage storage;
    internal int[] shape;
    internal int[] strides;
    internal int offset;
    internal Node? gradFn;
    internal AccumulateGrad? accumulator;
    bool requiresGrad;
    // The tensor this one views (its storage's first owner), for PyTorch's rules on in-place ops through views.
    internal Tensor? viewBase;
    // The storage's GraphRebases when gradFn was set: a later in-place op recorded on the base makes this view's gradFn stale.
    internal int graphRebase;

    internal Tensor(Storage storage, int[] shape, int[] strides, int offset)
    {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    internal Tensor(Storage storage, int[] shape) : this(storage, shape, Shapes.ContiguousStrides(shape), 0) { }

    /// <summary>A C# number turned into a zero-dim tensor for an op: it takes part in type promotion as PyTorch's Python scalars do.</summary>
    internal bool IsWrappedNumber { get; init; }

    /// <summary>The C# number a wrapped-number tensor holds, kept on the host so ops never read it back from the device.</summary>
    internal double WrappedValue { get; init; }

    /// <summary>Element type (tensor.dtype).</summary>
    public DType DType => storage.DType;

    /// <summary>Where the storage lives (tensor.device).</summary>
    public Device Device => storage.Device;

    /// <summary>The shape (tensor.shape), printing as <c>torch.Size([...])</c>.</summary>
    public Size Shape => new(shape);

    /// <summary>Number of dimensions (tensor.dim(), tensor.ndim).</summary>
    public int Dim => shape.Length;

    /// <summary>Same as <see cref="Dim"/> (tensor.ndim).</summary>
    public int NDim => shape.Length;

    /// <summary>Number of elements (tensor.numel()).</summary>
    public int Numel => Shapes.NumelOf(shape);

    /// <summary>Size of one dim (tensor.size(dim)); negative dims count from the end.</summary>
    public int Size(int dim) => shape[Shapes.WrapDim(dim, Dim)];

    /// <summary>Strides in elements (tensor.stride()).</summary>
    public int[] Stride() => (int[])strides.Clone();

    /// <summary>Offset into the storage in elements (tensor.storage_offset()).</summary>
    public int StorageOffset => offset;

    /// <summary>Length of the first dimension (len(tensor)).</summary>
    public int Length => Dim == 0 ? throw new InvalidOperationException("len() of a 0-d tensor") : shape[0];

    /// <summary>The legacy type string (tensor.type()), e.g. "torch.LongTensor".</summary>
    public string Type() => DType.LegacyTypeName();

    /// <summary>What a backend sees of this tensor: storage, shape, strides and offset, outside autograd.</summary>
    internal View Raw => new(storage, shape, strides, offset);
    internal IBackend Backend => storage.Backend;

    /// <summary>Whether gradients flow to this tensor (tensor.requires_grad).</summary>
    public bool RequiresGradient => requiresGrad;

    /// <summary>True for tensors not produced by a recorded op (tensor.is_leaf).</summary>
    public bool IsLeaf => gradFn is null;

    /// <summary>The accumulated gradient (tensor.grad); set to null to clear it.</summary>
    public Tensor? Grad
    {
        get { gradUnseen = false; return grad; }
        set
        {
            if (value is null) { ReleaseGrad(); return; }
            grad = value;
            gradUnseen = false;
        }
    }

    Tensor? grad;

    // True while grad is a buffer autograd made for this leaf that nothing has handed out since (the Grad getter, an
    // optimizer written outside this library): clearing it then gives its memory back for the next backward's
    // gradient, as PyTorch's reference counting frees it when zero_grad drops the last reference.
    bool gradUnseen;

    /// <summary>The gradient, read by code that keeps no reference to it (autograd, the built-in optimizers): unlike
    /// <see cref="Grad"/>, reading it leaves the gradient reusable.</summary>
    internal Tensor? PeekGrad => grad;

    /// <summary>Makes a gradient the backward pass made, which no one else holds, this leaf's gradient.</summary>
    internal void SetGradFromBackward(Tensor g) { grad = g; gradUnseen = true; }

    /// <summary>Clears the gradient; its memory goes back for reuse if nothing was handed it since backward made it.</summary>
    internal void ReleaseGrad()
    {
        if (gradUnseen) grad?.Recycle();
        grad = null;
        gradUnseen = false;
    }

    /// <summary>The node that produced this tensor (tensor.grad_fn), named as PyTorch names it, e.g. PowBackward0.</summary>
    public Node? GradFn => gradFn;

    /// <summary>Marks a leaf as needing gradients, in place, and returns it (tensor.requires_grad_()).</summary>
    public Tensor RequiresGrad(bool requiresGrad = true)
    {
        if (!IsLeaf)
            throw new InvalidOperationException(
                "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.Detach().");
        if (requiresGrad && !DType.IsFloatingPoint())
            throw new InvalidOperationException($"only Tensors of floating point dtype can require gradients (got {DType.TorchName()}): call .Float() first");
        this.requiresGrad = requiresGrad;
        return this;
    }

    internal void MarkRequiresGrad(Node fn) { gradFn = fn; requiresGrad = true; graphRebase = storage.GraphRebases; }

    /// <summary>Clears the gradient (tensor.grad = None), like optimizer.zero_grad(set_to_none=True).</summary>
    public void ZeroGrad() => ReleaseGrad();

    /// <summary>A tensor sharing storage but cut from the graph (tensor.detach()).</summary>
    public Tensor Detach() => new(storage, shape, strides, offset);

    /// <summary>The same tensor viewed as data without autograd (tensor.data).</summary>
    public Tensor Data => Detach();

    /// <summary>True when elements are row-major without gaps (tensor.is_contiguous()).</summary>
    public bool IsContiguous => Raw.IsContiguous;

    /// <summary>The single value of a one-element tensor as a double (tensor.item()).</summary>
    public double Item()
    {
        if (Numel != 1)
            throw new InvalidOperationException($"a Tensor with {Numel} elements cannot be converted to Scalar");
        return ToArray<double>()[0];
    }

    /// <summary>The single value as <typeparamref name="T"/> (float, double, long, int, bool, byte).</summary>
    public T Item<T>() where T : unmanaged
    {
        if (Numel != 1)
            throw new InvalidOperationException($"a Tensor with {Numel} elements cannot be converted to Scalar");
        return ToArray<T>()[0];
    }

    /// <summary>Copies the elements, row-major, into a new array of <typeparamref name="T"/> (converting as needed).</summary>
    public T[] ToArray<T>() where T : unmanaged => HostArrays.Convert<T>(Backend.ToHost(Raw), DType);

    /// <summary>The elements in this tensor's own element type: float[], double[], long[], bool[] or byte[].</summary>
    public Array ToArray() => DType switch
    {
        DType.Float32 => ToArray<float>(),
        DType.Float64 => ToArray<double>(),
        DType.Int64 => ToArray<long>(),
        DType.Bool => ToArray<bool>(),
        _ => ToArray<byte>(),
    };

    /// <summary>Prints as PyTorch does, e.g. <c>tensor([ 3.,  4., 10.], requires_grad=True)</c>.</summary>
    public override string ToString() => TensorFormatter.Format(this);
}
