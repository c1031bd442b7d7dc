// Each op that records one node where PyTorch's math is a composition (a fused node, written for speed) beside that
// composition built from the primitives: both must give the same value and the same gradients, so a fused backward
// cannot drift from the math it replaces even where finite differences are too coarse to tell.
using Mnist.Scripting.NN;

namespace Mnist.Scripting.OpCases;

/// <summary>A fused op and its composed twin over the same inputs.</summary>
public sealed record FusedTwin(string Name, OpCase Fused, Func<Tensor[], Tensor> Composed)
{
    public override string ToString() => Name;
}

public static class FusedTwins
{
    static int[] S(params int[] s) => s;

    static FusedTwin T(string name, Func<Tensor[], Tensor> fused, Func<Tensor[], Tensor> composed, params int[][] shapes) =>
        new(name, new OpCase(name, shapes, fused), composed);

    // The one-hot rows of classes [N] among c columns, from comparisons only.
    static Tensor OneHot(Tensor classes, int c, Tensor like) => Tensor.Arange(c).To(like.Device).Eq(classes.Unsqueeze(1)).To(like.DType);

    // log_softmax as the textbook writes it, with the row's max subtracted first.
    static Tensor LogSoftmaxComposed(Tensor x, int dim)
    {
        var shifted = x - x.Amax(dim, keepDim: true).Detach();
        return shifted - shifted.Exp().Sum([dim], keepDim: true).Log();
    }

    static readonly Tensor Classes = Tensor.Of(2L, 0L, 4L, 4L);

    public static readonly IReadOnlyList<FusedTwin> All =
    [
        // AddmmBackward0 for F.linear: x·wᵀ + b.
        T("linear", x => F.Linear(x[0], x[1], x[2]), x => x[0].MatMul(x[1].T) + x[2], S(4, 3), S(5, 3), S(5)),
        T("linear_no_bias", x => F.Linear(x[0], x[1]), x => x[0].MatMul(x[1].T), S(4, 3), S(5, 3)),
        T("linear_3d_input", x => F.Linear(x[0], x[1], x[2]), x => x[0].MatMul(x[1].T) + x[2], S(2, 4, 3), S(5, 3), S(5)),
        // LogSoftmaxBackward0: one node for the shift, the exp, the sum and the log.
        T("log_softmax", x => x[0].LogSoftmax(1), x => LogSoftmaxComposed(x[0], 1), S(4, 5)),
        T("log_softmax_dim0", x => x[0].LogSoftmax(0), x => LogSoftmaxComposed(x[0], 0), S(4, 5)),
        // NllLossBackward0: the mean of each row's picked log-probability, negated.
        T("nll_loss", x => F.NllLoss(x[0], Classes.To(x[0].Device)), x => -(x[0] * OneHot(Classes.To(x[0].Device), 5, x[0])).Sum(1).Mean(), S(4, 5)),
        // cross_entropy as one NllLossBackward0 node over the logits: log_softmax then nll, composed.
        T("cross_entropy", x => F.CrossEntropy(x[0], Classes.To(x[0].Device)),
            x => -(LogSoftmaxComposed(x[0], 1) * OneHot(Classes.To(x[0].Device), 5, x[0])).Sum(1).Mean(), S(4, 5)),
        // ConvolutionBackward0: im2col and a matrix product.
        T("conv2d", x => F.Conv2d(x[0], x[1], x[2], padding: 1),
            x =>
            {
                var cols = F.Unfold(x[0], 3, padding: 1);                                 // [N, C·9, H·W]
                var y = x[1].Reshape(3, -1).MatMul(cols) + x[2].Reshape(3, 1);            // [N, O, H·W]
                return y.Reshape(2, 3, 5, 4);
            }, S(2, 2, 5, 4), S(3, 2, 3, 3), S(3)),
        // MaxPool2DWithIndicesBackward0: the max over each window's unfolded column (no ties among random inputs).
        T("max_pool2d", x => F.MaxPool2d(x[0], 2),
            x => F.Unfold(x[0], 2, stride: 2).Reshape(2, 3, 4, 6).Amax(2).Reshape(2, 3, 2, 3), S(2, 3, 4, 6)),
        // ClampBackward1: the bounds as a minimum and a maximum.
        T("clamp", x => x[0].Clamp(-0.5, 0.5), x => x[0].Maximum(Tensor.FullLike(x[0], -0.5)).Minimum(Tensor.FullLike(x[0], 0.5)), S(3, 4)),
    ];
}
