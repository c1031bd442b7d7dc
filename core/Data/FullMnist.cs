// All ten digits (the chapter's further research): the four IDX files, fetched and verified, as image and label tensors.
namespace Mnist.Scripting.Data;

/// <summary>The original MNIST: <c>var (x, y) = FullMnist.Train();</c> gives [60000, 28, 28] uint8 and [60000] int64.</summary>
public static class FullMnist
{
    /// <summary>The 60,000 training images and labels.</summary>
    public static (Tensor Images, Tensor Labels) Train() => Load(Urls.Mnist.TrainImages, Urls.Mnist.TrainLabels);

    /// <summary>The 10,000 test images and labels (t10k).</summary>
    public static (Tensor Images, Tensor Labels) Test() => Load(Urls.Mnist.TestImages, Urls.Mnist.TestLabels);

    static (Tensor, Tensor) Load(RemoteFile images, RemoteFile labels)
    {
        var x = Idx.ReadImages(Datasets.Download(images));
        var y = Idx.ReadLabels(Datasets.Download(labels));
        if (x.Size(0) != y.Size(0))
            throw new InvalidDataException($"FullMnist: {images.FileName} has {x.Size(0)} images but {labels.FileName} has {y.Size(0)} labels");
        return (x, y);
    }
}
