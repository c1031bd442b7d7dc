// The chapter's simple_net in one place (784 -> 30 -> ReLU -> 1, sigmoid + mnist_loss, plain SGD lr 0.1) on either
// device: the chapter benchmark trains it on the MNIST sample, the GPU runner (tests/gpu links this file) times an epoch.
using Mnist.Scripting.NN;
using Mnist.Scripting.Optim;

namespace Mnist.Scripting.Bench;

/// <summary>
/// nn.Sequential(nn.Linear(784, 30), nn.ReLU(), nn.Linear(30, 1)) with its parameters on a device. The layers are drawn
/// by <see cref="Linear"/> (PyTorch's init) and then moved, since a module has no To(device); the parameter names are
/// Sequential's ("0.weight", ...), so on the CPU this is the book's model exactly.
/// </summary>
public sealed class SimpleNet : Module
{
    /// <summary>The chapter's shapes: 28x28 pixels in, 30 hidden units, batches of 256, 12,396 training images of 3s and 7s.</summary>
    public const int Inputs = 784, Hidden = 30, Batch = 256, TrainRows = 12396;
    /// <summary>The chapter's learning rate for simple_net.</summary>
    public const double Lr = 0.1;

    readonly Tensor w1, b1, w2, b2;

    /// <summary>A fresh model on <paramref name="device"/>, drawn from <paramref name="generator"/> (default: Tensor.ManualSeed's).</summary>
    public SimpleNet(Device device, Generator? generator = null)
    {
        var (l1, l2) = (new Linear(Inputs, Hidden, generator: generator), new Linear(Hidden, 1, generator: generator));
        w1 = RegisterParameter("0.weight", l1.Weight.To(device));
        b1 = RegisterParameter("0.bias", l1.Bias!.To(device));
        w2 = RegisterParameter("2.weight", l2.Weight.To(device));
        b2 = RegisterParameter("2.bias", l2.Bias!.To(device));
    }

    // Linear's own forward (x @ Wᵀ + b), so both devices run the chapter's ops.
    public override Tensor Forward(Tensor input) => (input.MatMul(w1.T) + b1).Relu().MatMul(w2.T) + b2;

    /// <summary>The optimizer the chapter uses: plain SGD at <see cref="Lr"/> (torch.optim.SGD(model.parameters(), 0.1)).</summary>
    public Optimizer CreateSgd() => new Sgd(Parameters(), Lr);

    /// <summary>
    /// One training step as the Learner (and fastai) does it: forward, mnist_loss, backward, step, zero_grad.
    /// Returns the batch's loss; yb holds 1 for a 3 and 0 for a 7, shape [batch, 1].
    /// </summary>
    public Tensor Step(Optimizer opt, Tensor xb, Tensor yb)
    {
        var loss = F.MnistLoss(Forward(xb), yb);
        loss.Backward();
        opt.Step();
        opt.ZeroGrad();
        return loss;
    }
}
