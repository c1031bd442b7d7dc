// safetensors: a model round-trip, and a file written byte by byte to the published format.
using System.Buffers.Binary;
using System.Text;
using Mnist.Scripting.NN;

namespace Mnist.Scripting.Tests.Training;

public class SafetensorsTests
{
    string path = "";

    [SetUp]
    public void TempFile() => path = Path.Combine(Path.GetTempPath(), $"mnist-scripting-{Guid.NewGuid():N}.safetensors");

    [TearDown]
    public void Remove() { if (File.Exists(path)) File.Delete(path); }

    [Test]
    public void ModelRoundTripsThroughAFile()
    {
        var net = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 1));
        net.Save(path);
        var copy = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 1));
        Assert.That(copy.Parameters()[0].Equal(net.Parameters()[0]), Is.False);
        copy.Load(path);
        foreach (var (a, b) in net.Parameters().Zip(copy.Parameters()))
            Assert.That(b.Equal(a), $"{b.Shape}");
        Assert.That(copy.Parameters().All(p => p.RequiresGradient && p.IsLeaf), "loading keeps them trainable leaves");
        var x = Tensor.Rand(2, 4);
        Assert.That(copy.Forward(x).Equal(net.Forward(x)));
    }

    [Test]
    public void EveryDTypeAndShapeRoundTrips()
    {
        var tensors = new (string, Tensor)[]
        {
            ("f32", Tensor.Of(new[,] { { 1.5, -2.0 }, { 3.25, 0.0 } })),
            ("f64", Tensor.Of(1.0, 2.0).Double()),
            ("i64", Tensor.Of(-1L, long.MaxValue)),
            ("u8", Tensor.FromArray(new byte[] { 0, 255 })),
            ("bool", Tensor.Of(true, false, true)),
            ("scalar", Tensor.Of(7.0)),
            ("strided", Tensor.Of(new[,] { { 1, 2 }, { 3, 4 } }).T),
        };
        Safetensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        var back = Safetensors.Load(path);
        Assert.That(back.Keys, Is.EqualTo(tensors.Select(t => t.Item1)));
        foreach (var (name, t) in tensors)
        {
            Assert.That(back[name].DType, Is.EqualTo(t.DType), name);
            Assert.That(back[name].Shape, Is.EqualTo(t.Shape), name);
            Assert.That(back[name].Equal(t), name);
        }
        Assert.That(Safetensors.Metadata(path)["format"], Is.EqualTo("pt"));
        // The header is padded to a multiple of 8 bytes.
        var bytes = File.ReadAllBytes(path);
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(bytes) % 8, Is.EqualTo(0UL));
    }

    [Test]
    public void ReadsAFileWrittenByHandToTheSpec()
    {
        // What safetensors.torch.save_file({"weight": torch.tensor([[1., 2.]]), "bias": torch.tensor([0.5])}) writes, in
        // its layout: u64 header length, JSON header, then the data (offsets relative to the end of the header).
        var header = "{\"__metadata__\":{\"format\":\"pt\"},\"bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}," +
                     "\"weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[4,12]}}";
        var json = Encoding.UTF8.GetBytes(header);
        using (var f = File.Create(path))
        {
            var len = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)json.Length);
            f.Write(len);
            f.Write(json);
            foreach (var v in new[] { 0.5f, 1f, 2f })
            {
                var b = new byte[4];
                BinaryPrimitives.WriteSingleLittleEndian(b, v);
                f.Write(b);
            }
        }
        var lin = new Linear(2, 1);
        lin.Load(path);
        Assert.That(lin.Weight.ToArray<float>(), Is.EqualTo(new[] { 1f, 2f }));
        Assert.That(lin.Bias!.ToArray<float>(), Is.EqualTo(new[] { 0.5f }));
    }

    [Test]
    public void MismatchesAreReportedByName()
    {
        new Linear(3, 2).Save(path);
        var ex = Assert.Throws<ArgumentException>(() => new Linear(4, 2).Load(path));
        Assert.That(ex!.Message, Does.Contain("size mismatch for weight"));
        var ex2 = Assert.Throws<ArgumentException>(() => new Linear(3, 2, bias: false).Load(path));
        Assert.That(ex2!.Message, Does.Contain("unexpected keys [bias]"));
        File.WriteAllBytes(path, [200, 0, 0, 0, 0, 0, 0, 0, (byte)'{']);
        Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
    }
}
