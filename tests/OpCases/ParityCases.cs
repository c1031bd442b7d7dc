// Cases for the CPU-vs-device parity check: every registry op in float32 and float64 with gradients, odd sizes
// (1, 31, 1025, tile edges, non-contiguous views, broadcasts) and integer/bool/uint8 primitives without gradients.
namespace Mnist.Scripting.OpCases;

/// <summary>An op case run in one dtype; integer inputs are the drawn values times 25, truncated.</summary>
public sealed record ParityCase(string Name, int[][] Shapes, Func<Tensor[], Tensor> Fn, Domain Domain, DType DType, bool Grad)
{
    /// <summary>The forward's absolute tolerance where the dtype's default does not fit (a long float32 sum).</summary>
    public double? Atol { get; init; }

    public override string ToString() => $"{Name}[{DType.TorchName()}]";
}

public static class ParityCases
{
    static int[] S(params int[] s) => s;
    static Tensor On(Tensor like, Tensor t) => t.To(like.Device);

    // Forces one CUDA matmul kernel for the forward product (the backward uses the default choice).
    static Func<Tensor[], Tensor> MatMulV(int version, Func<Tensor[], Tensor> fn) => x =>
    {
        var saved = Cuda.CudaBackend.MatMulVersion;
        Cuda.CudaBackend.MatMulVersion = version;
        try { return fn(x); }
        finally { Cuda.CudaBackend.MatMulVersion = saved; }
    };

    static ParityCase F(string name, Func<Tensor[], Tensor> fn, params int[][] shapes) => new(name, shapes, fn, Domain.Any, DType.Float32, true);
    static ParityCase P(string name, Func<Tensor[], Tensor> fn, params int[][] shapes) => new(name, shapes, fn, Domain.Positive, DType.Float32, true);
    static ParityCase I(string name, Func<Tensor[], Tensor> fn, params int[][] shapes) => new(name, shapes, fn, Domain.Any, DType.Int64, false);
    static ParityCase N(string name, Func<Tensor[], Tensor> fn, params int[][] shapes) => new(name, shapes, fn, Domain.Any, DType.Float32, false);

    /// <summary>Odd sizes and layouts; float32 with gradients unless they are not differentiable.</summary>
    public static readonly IReadOnlyList<ParityCase> OddSizes =
    [
        F("exp_1", x => x[0].Exp(), S(1)),
        F("sigmoid_31", x => x[0].Sigmoid(), S(31)),
        F("tanh_1025", x => x[0].Tanh(), S(1025)),
        P("log_1025", x => x[0].Log(), S(1025)),
        P("sqrt_pow_31x33", x => x[0].Sqrt() + x[0].Pow(1.5), S(31, 33)),
        F("relu_transposed", x => x[0].T.Relu(), S(31, 1025)),
        // Exact zeros (|x| <= 1) and NaNs (x > 1.9): ReLU's gradient is 0 at both, on every device.
        F("relu_zeros_nans_1025", x => Tensor.Where(x[0] > 1.9, double.NaN, x[0] - x[0].Clamp(-1, 1)).Relu(), S(1025)),
        F("add_broadcast_31x1025", x => x[0] + x[1], S(31, 1), S(1, 1025)),
        F("mul_noncontiguous", x => x[0].T * x[1], S(33, 31), S(31, 33)),
        F("sub_strided_slice", x => x[0][TensorIndex.Slice(1, null, 3)] - x[1], S(1025), S(342)),
        F("where_broadcast_cond", x => Tensor.Where(x[0] > 0, x[1], x[1] * 2), S(31, 1), S(31, 1025)),
        F("sum_all_31775", x => x[0].Sum(), S(31, 1025)),
        // Two summation trees over 2^20 float32 terms round differently by up to about eps·Σ|x| (here ~0.05; the H200
        // differed from the CPU by 2.4e-4 and 4.4e-4 in two runs); 2e-3 still catches one element lost or doubled (~0.8).
        F("sum_all_1M", x => x[0].Sum(), S(1 << 20)) with { Atol = 2e-3 },
        F("mean_dim_transposed", x => x[0].T.Mean(1), S(1025, 31)),
        F("sum_dims_0_2", x => x[0].Sum([0, 2], keepDim: true), S(7, 5, 1025)),
        F("max_all_1025", x => x[0].Max(), S(1025)),
        F("sum_dim0_columns_2048", x => x[0].Sum(0), S(33, 2048)),
        F("max_dim0_columns_1500", x => x[0].Max(0).Values + x[0].Min(0).Values, S(17, 1500)),
        F("mean_dims_0_1_columns", x => x[0].Mean(0, 1), S(3, 5, 1100)),
        F("max_dim_31", x => x[0].Max(1).Values, S(31, 1025)),
        F("min_dim0_noncontiguous", x => x[0].T.Min(0).Values, S(33, 31)),
        N("argmax_dim_1025", x => x[0].ArgMax(1), S(31, 1025)),
        N("argmin_all", x => x[0].ArgMin(), S(1025)),
        // The optimizer step's axpy (add_ with alpha): contiguous, into a transposed view, and float64.
        N("add_scaled_1025", x => x[0].Clone().AddInPlace(x[1], -0.0317), S(1025), S(1025)),
        N("add_scaled_transposed_dst", x => { var a = x[0].Clone(); a.T.AddInPlace(x[1], 0.7); return a; }, S(31, 33), S(33, 31)),
        new("float64_add_scaled", [S(1 << 12), S(1 << 12)], x => x[0].Clone().AddInPlace(x[1], -1e-3), Domain.Any, DType.Float64, false),
        F("log_softmax_31x1025", x => x[0].LogSoftmax(1), S(31, 1025)),
        F("mm_1x1", x => x[0].MatMul(x[1]), S(1, 1), S(1, 1)),
        F("mm_31x1025x33", x => x[0].MatMul(x[1]), S(31, 1025), S(1025, 33)),
        F("mm_tile_edges_65x67x129", x => x[0].MatMul(x[1]), S(65, 67), S(67, 129)),
        F("mm_transposed_a", x => x[0].T.MatMul(x[1]), S(70, 33), S(70, 9)),
        F("mm_transposed_b", x => x[0].MatMul(x[1].T), S(17, 40), S(66, 40)),
        F("bmm_broadcast_b", x => x[0].MatMul(x[1]), S(3, 65, 17), S(17, 70)),
        F("bmm_broadcast_a", x => x[0].MatMul(x[1]), S(1, 5, 7), S(4, 7, 3)),
        F("mm_v1_65x67x129", MatMulV(1, x => x[0].MatMul(x[1])), S(65, 67), S(67, 129)),
        F("mm_v3_130x70x257", MatMulV(3, x => x[0].MatMul(x[1])), S(130, 70), S(70, 257)),
        F("mm_v3_transposed_both", MatMulV(3, x => x[0].T.MatMul(x[1].T)), S(33, 129), S(200, 33)),
        F("bmm_v3_broadcast", MatMulV(3, x => x[0].MatMul(x[1])), S(2, 129, 9), S(9, 131)),
        F("mm_auto_256x200x300", x => x[0].MatMul(x[1]), S(256, 200), S(200, 300)),
        F("linear_784_30", x => x[0].MatMul(x[1]) + x[2], S(256, 784), S(784, 30), S(30)),
        F("index_select_rows", x => x[0][On(x[0], Tensor.Of(4, 0, 30, 4, 4))], S(31, 33)),
        F("index_select_dim1", x => x[0].IndexSelect(1, Tensor.Of(0, 1024, 5, 5)), S(3, 1025)),
        F("conv2d_28x28_pad1", x => NN.F.Conv2d(x[0], x[1], x[2], padding: 1), S(3, 4, 28, 28), S(8, 4, 3, 3), S(8)),
        F("conv2d_5x5_stride2_transposed_input", x => NN.F.Conv2d(x[0].Transpose(2, 3), x[1], null, stride: 2, padding: 2), S(2, 3, 17, 13), S(5, 3, 5, 5)),
        F("max_pool2d_28x28", x => NN.F.MaxPool2d(x[0], 2), S(3, 8, 28, 28)),
        F("max_pool2d_nan_argmax", x => NN.F.MaxPool2d(x[0].Log(), 3, 2), S(2, 3, 9, 8)),  // the gradient shows which element won
        F("fold_odd_3x3_stride2", x => NN.F.Fold(x[0], 9, 8, 3, padding: 1, stride: 2), S(2, 18, 20)),
        F("contiguous_permute_4d", x => x[0].Permute(3, 1, 0, 2).Contiguous(), S(3, 5, 7, 9)),
        F("cat_odd", x => Tensor.Cat([x[0], x[1].T], 0), S(31, 3), S(3, 1)),
        F("expand_reduce", x => x[0].Expand(31, 1025).Sum(0), S(1, 1025)),
        F("mnist_loss_256", x => { var p = x[0].Sigmoid(); var t = On(x[0], (x[1] > 0).Float()); return Tensor.Where(t.Eq(1.0), 1 - p, p).Mean(); }, S(256, 1), S(256, 1)),
        new("float64_mm_odd", [S(65, 67), S(67, 129)], x => x[0].MatMul(x[1]), Domain.Any, DType.Float64, true),
        new("float64_sum_1M", [S(1 << 20)], x => x[0].Sum(), Domain.Any, DType.Float64, true),
    ];

    /// <summary>Integer, bool and uint8 primitives (no gradients): arithmetic, comparisons, where, reductions, casts, gather.</summary>
    public static readonly IReadOnlyList<ParityCase> Integers =
    [
        I("i64_arith", x => (x[0] + x[1]) * x[0] - x[1].Neg().Abs(), S(31, 33), S(31, 33)),
        I("i64_maximum_broadcast", x => x[0].Maximum(x[1]) + x[0].Minimum(x[1]), S(31, 1), S(1, 1025)),
        I("i64_compare_where", x => Tensor.Where(x[0] > x[1], x[0], x[1] * 3), S(1025), S(1025)),
        I("i64_sum_dims", x => x[0].Sum(1), S(31, 1025)),
        I("i64_sum_dim0_columns", x => x[0].Sum(0) + x[0].Max(0).Values, S(9, 1100)),
        I("i64_max_argmax", x => x[0].Max(0).Values * 1000 + x[0].ArgMax(0), S(31, 33)),
        I("i64_to_float", x => x[0].Float() / 7, S(1025)),
        I("i64_index_select", x => x[0].IndexSelect(0, Tensor.Of(2, 0, 2)), S(3, 31)),
        I("i64_matmul", x => x[0].MatMul(x[1]), S(5, 7), S(7, 3)),
        I("i64_pow", x => x[0].Abs().Pow(Tensor.Of(3L).To(x[0].Device)), S(31)),
        I("bool_compare_ops", x => (x[0].Ge(x[1])).Eq(x[0].Ne(x[1])), S(31, 33), S(31, 33)),
        I("bool_to_float_sum", x => (x[0] > 0).Float().Sum(0), S(31, 1025)),
        I("bool_sum", x => (x[0] < 0).Sum(), S(1025)),
        I("bool_where", x => Tensor.Where(x[0] > 0, x[0] > 5, x[0] < -5), S(31, 33)),
        I("uint8_arith", x => (x[0].Abs().Byte() + x[1].Abs().Byte()) * x[0].Abs().Byte(), S(1025), S(1025)),
        I("uint8_max_sum", x => x[0].Abs().Byte().Max(1).Values.Long() + x[0].Abs().Byte().Sum(1), S(31, 33)),
        N("float_to_uint8_saturate", x => (x[0] * 200).Byte(), S(1025)),
        N("float_to_long_truncate", x => (x[0] * 1e3).Long(), S(1025)),
        N("float_to_bool", x => x[0].Relu().Bool(), S(1025)),
        N("fill_like", x => Tensor.FullLike(x[0], 3.25) + Tensor.ZerosLike(x[0]).Long().Float(), S(31, 1025)),
    ];

    /// <summary>Every registry op case in float64 and float32, then the odd sizes and the integer cases.</summary>
    public static IEnumerable<ParityCase> All()
    {
        foreach (var c in OpRegistry.All)
        {
            yield return new ParityCase(c.Name, c.Shapes, c.Fn, c.Domain, DType.Float64, true);
            yield return new ParityCase(c.Name, c.Shapes, c.Fn, c.Domain, DType.Float32, true);
        }
        foreach (var c in OddSizes) yield return c;
        foreach (var c in Integers) yield return c;
    }
}
