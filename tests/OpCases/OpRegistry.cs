// Every differentiable op, one line each (the unary primitives one per row of the op table): feeds the float64 gradient check and the CPU-vs-CUDA parity check.
using Mnist.Scripting.Backends;
using Mnist.Scripting.NN;

namespace Mnist.Scripting.OpCases;

public static class OpRegistry
{
    static int[] S(params int[] s) => s;
    static OpCase C(string name, Func<Tensor[], Tensor> fn, params int[][] shapes) => new(name, shapes, fn);
    static OpCase P(string name, Func<Tensor[], Tensor> fn, params int[][] shapes) => new(name, shapes, fn, Domain.Positive);
    static OpCase K(string name, Func<Tensor[], Tensor> fn, params int[][] shapes) => new(name, shapes, fn, Domain.AwayFromZero);

    /// <summary>The row's public method (x.Exp() for exp), found by its member name.</summary>
    static Func<Tensor[], Tensor> Member(UnaryFacts row)
    {
        var method = typeof(Tensor).GetMethod(row.MemberName, Type.EmptyTypes)
            ?? throw new MissingMethodException($"op table row {row.TorchName}: Tensor has no {row.MemberName}()");
        return x => (Tensor)method.Invoke(x[0], null)!;
    }

    public static readonly IReadOnlyList<OpCase> All =
    [
        // Unary: every differentiable row of the op table (core/Backends/OpTable.cs), its inputs drawn where it is smooth
        .. OpTable.Unary.Where(row => row.GradFn is not null).Select(row => new OpCase(row.TorchName, [S(3, 4)],
            Member(row), row.Smooth switch { SmoothOn.Positive => Domain.Positive, SmoothOn.AwayFromZero => Domain.AwayFromZero, _ => Domain.Any })),
        C("square", x => x[0].Square(), S(4)),
        C("pow_scalar_3", x => x[0].Pow(3), S(4)),
        P("pow_scalar_frac", x => x[0].Pow(1.5), S(4)),
        P("pow_tensor", x => x[0].Pow(x[1]), S(3), S(3)),
        K("clamp", x => x[0].Clamp(-0.05, 0.05) + x[0].Clamp(min: -1.0), S(6)),
        C("log_softmax", x => x[0].LogSoftmax(1), S(3, 5)),
        // A fresh generator per call, so every finite-difference evaluation draws the same mask.
        C("dropout", x => F.Dropout(x[0], 0.4, generator: new Generator(11)), S(4, 6)),
        C("softmax", x => x[0].Softmax(-1), S(2, 4)),

        // Binary, same shape and broadcast (the gradient is summed back to each input's shape)
        C("add", x => x[0] + x[1], S(3, 4), S(3, 4)),
        C("add_broadcast", x => x[0] + x[1], S(3, 4), S(4)),
        C("add_broadcast_both", x => x[0] + x[1], S(3, 1), S(1, 4)),
        C("sub_broadcast", x => x[0] - x[1], S(2, 3, 4), S(3, 1)),
        C("rsub_scalar", x => 1 - x[0], S(5)),
        C("mul", x => x[0] * x[1], S(3, 4), S(3, 4)),
        C("mul_broadcast", x => x[0] * x[1], S(10, 6), S(6)),
        C("mul_scalar", x => 2.5 * x[0] * 3, S(4)),
        P("div", x => x[0] / x[1], S(3, 4), S(3, 4)),
        P("div_broadcast", x => x[0] / x[1], S(3, 4), S(3, 1)),
        P("rdiv_scalar", x => 1.0 / x[0], S(4)),
        C("maximum", x => x[0].Maximum(x[1]), S(3, 4), S(3, 4)),
        C("minimum_broadcast", x => x[0].Minimum(x[1]), S(3, 4), S(4)),
        C("max_other", x => x[0].Max(Tensor.Of(0.0).Double().To(x[0].Device)), S(8)),
        C("where", x => Tensor.Where(x[0] > 0, x[1], x[2]), S(3, 4), S(3, 4), S(4)),
        C("where_scalar", x => Tensor.Where(x[0] > 0, 1 - x[0], x[0]), S(6)),

        // Reductions
        C("sum_all", x => x[0].Sum(), S(3, 4)),
        C("sum_dim", x => x[0].Sum(1), S(3, 4)),
        C("sum_neg_dims_keep", x => x[0].Sum([-1, -2], keepDim: true), S(2, 3, 4)),
        C("mean_all", x => x[0].Mean(), S(3, 4)),
        C("mean_last_two", x => x[0].Mean(-1, -2), S(5, 3, 4)),
        C("mean_dim0_keep", x => x[0].Mean(0, keepDim: true), S(5, 3)),
        C("max_all", x => x[0].Max(), S(3, 4)),
        C("min_all", x => x[0].Min(), S(3, 4)),
        C("max_dim", x => x[0].Max(1).Values, S(3, 4)),
        C("min_dim_keep", x => x[0].Min(0, keepDim: true).Values, S(3, 4)),
        C("amax", x => x[0].Amax(-1), S(3, 4)),

        // Matrix products
        C("mm", x => x[0].MatMul(x[1]), S(3, 4), S(4, 5)),
        C("mm_transposed", x => x[0].T.MatMul(x[1].T), S(4, 3), S(5, 4)),
        C("mv", x => x[0].MatMul(x[1]), S(3, 4), S(4)),
        C("vm", x => x[0].MatMul(x[1]), S(4), S(4, 2)),
        C("dot", x => x[0].MatMul(x[1]), S(5), S(5)),
        C("bmm", x => x[0].MatMul(x[1]), S(2, 3, 4), S(2, 4, 5)),
        C("matmul_broadcast_batch", x => x[0].MatMul(x[1]), S(4, 3, 5), S(1, 5, 2)),
        C("matmul_batch_by_matrix", x => x[0].MatMul(x[1]), S(2, 2, 3, 4), S(4, 3)),
        C("linear_layer", x => x[0].MatMul(x[1]) + x[2], S(6, 5), S(5, 1), S(1)),

        // Views and copies
        C("view", x => x[0].View(4, 3), S(3, 4)),
        C("reshape_infer", x => x[0].Reshape(-1), S(2, 3, 2)),
        C("reshape_of_transposed", x => x[0].T.Reshape(12), S(3, 4)),
        C("unsqueeze", x => x[0].Unsqueeze(1), S(3, 4)),
        C("squeeze", x => x[0].Squeeze(), S(3, 1, 4)),
        C("transpose", x => x[0].Transpose(0, 2), S(2, 3, 4)),
        C("permute", x => x[0].Permute(2, 0, 1), S(2, 3, 4)),
        C("expand", x => x[0].Expand(3, 4), S(1, 4)),
        C("flatten", x => x[0].Flatten(1), S(2, 3, 4)),
        C("contiguous", x => x[0].T.Contiguous(), S(3, 4)),
        C("clone", x => x[0].Clone() * 2, S(3)),

        // Indexing and joining
        C("select", x => x[0][1], S(3, 4)),
        C("select_from_end", x => x[0][^1], S(3, 4)),
        C("column", x => x[0][.., 1], S(3, 4)),
        C("slice", x => x[0][1, 1..3], S(3, 4)),
        C("slice_2d", x => x[0][1..3, 0..2], S(4, 4)),
        C("slice_step", x => x[0][TensorIndex.Slice(0, null, 2)], S(7)),
        C("index_tensor", x => x[0][Tensor.Of(2, 0, 2)], S(3, 4)),
        C("mask", x => x[0][Tensor.Of(true, false, true, true)], S(4, 2)),
        C("narrow", x => x[0].Narrow(1, 1, 2), S(3, 4)),
        C("cat", x => Tensor.Cat([x[0], x[1]], 1), S(2, 3), S(2, 2)),
        C("stack", x => Tensor.Stack([x[0], x[1]]), S(2, 3), S(2, 3)),

        // Sliding windows (Conv2d is composed of unfold and a matmul)
        C("unfold", x => F.Unfold(x[0], 3, padding: 1, stride: 2), S(2, 2, 5, 4)),
        C("fold", x => F.Fold(x[0], 4, 5, 2, padding: 1), S(2, 12, 30)),
        C("conv2d", x => F.Conv2d(x[0], x[1], x[2], stride: 1, padding: 1), S(2, 2, 5, 4), S(3, 2, 3, 3), S(3)),
        C("conv2d_stride2_no_bias", x => F.Conv2d(x[0], x[1], null, stride: 2), S(1, 3, 6, 7), S(2, 3, 3, 3)),
        // Padding wider than the input: some kernel taps never reach inside it (a 1x2 image under a 5x5 kernel).
        C("conv2d_padding_wider_than_input", x => F.Conv2d(x[0], x[1], x[2], padding: 2), S(2, 2, 1, 2), S(3, 2, 5, 5), S(3)),
        C("max_pool2d", x => F.MaxPool2d(x[0], 2), S(2, 3, 5, 4)),
        C("max_pool2d_overlapping", x => F.MaxPool2d(x[0], 3, 2), S(1, 2, 7, 6)),

        // Compositions the chapter uses
        C("mnist_loss", x => { var p = x[0].Sigmoid(); var t = Tensor.Of(1, 0, 1, 1).Unsqueeze(1).To(x[0].Device); return Tensor.Where(t.Eq(1L), 1 - p, p).Mean(); }, S(4, 1)),
        C("linear", x => F.Linear(x[0], x[1], x[2]), S(3, 4), S(5, 4), S(5)),
        C("linear_no_bias", x => F.Linear(x[0], x[1]), S(3, 4), S(5, 4)),
        C("linear_3d_input", x => F.Linear(x[0], x[1], x[2]), S(2, 3, 4), S(5, 4), S(5)),
        C("cross_entropy", x => F.CrossEntropy(x[0], Tensor.Of(2L, 0L, 4L).To(x[0].Device)), S(3, 5)),
        C("nll_loss", x => F.NllLoss(x[0], Tensor.Of(1L, 3L, 3L, 0L).To(x[0].Device)), S(4, 6)),
        C("mse", x => (x[0] - x[1]).Square().Mean(), S(6), S(6)),
        C("quadratic_model", x => x[1][0] * x[0].Square() + x[1][1] * x[0] + x[1][2], S(20), S(3)),
        C("in_place_in_graph", x => { var a = x[0] * 2; a += x[1]; a *= x[0]; return a; }, S(4), S(4)),
        C("add_scaled_in_graph", x => { var a = x[0] * 2; a.AddInPlace(x[1], -0.75); return a; }, S(3, 4), S(3, 4)),
    ];
}
