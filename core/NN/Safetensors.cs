// Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header, then raw little-endian data.
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mnist.Scripting.NN;

/// <summary>
/// The safetensors file format (huggingface/safetensors), readable by <c>safetensors.torch.load_file</c>.
/// Header: <c>{"name": {"dtype": "F32", "shape": [1, 784], "data_offsets": [begin, end]}, "__metadata__": {...}}</c>,
/// offsets counted from the end of the header.
/// </summary>
public static class Safetensors
{
    static string Code(DType t) => t switch
    {
        DType.Float32 => "F32",
        DType.Float64 => "F64",
        DType.Int64 => "I64",
        DType.UInt8 => "U8",
        DType.Bool => "BOOL",
        _ => throw new NotSupportedException($"safetensors: dtype {t} is not supported"),
    };

    static DType FromCode(string code) => code switch
    {
        "F32" => DType.Float32,
        "F64" => DType.Float64,
        "I64" => DType.Int64,
        "U8" => DType.UInt8,
        "BOOL" => DType.Bool,
        _ => throw new NotSupportedException($"safetensors: dtype {code} is not supported (F32, F64, I64, U8, BOOL are); convert it in Python before saving"),
    };

    static int ElementSize(DType t) => t switch { DType.Float32 => 4, DType.Float64 => 8, DType.Int64 => 8, _ => 1 };

    /// <summary>Writes named tensors (copied to the CPU, row-major) to <paramref name="path"/>.</summary>
    public static void Save(string path, IEnumerable<(string Name, Tensor Value)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var f = File.Create(path);
        Write(f, tensors, metadata);
    }

    /// <summary>Writes named tensors to <paramref name="path"/> (safetensors.torch.save_file).</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        Save(path, tensors.Select(kv => (kv.Key, kv.Value)), metadata);

    /// <summary>Writes the format to a stream.</summary>
    public static void Write(Stream stream, IEnumerable<(string Name, Tensor Value)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata) meta[k] = v;
            header["__metadata__"] = meta;
        }
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, t) in tensors)
        {
            if (header.ContainsKey(name)) throw new ArgumentException($"safetensors: the name '{name}' appears twice");
            var bytes = ToBytes(t);
            header[name] = new JsonObject
            {
                ["dtype"] = Code(t.DType),
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            blobs.Add(bytes);
            offset += bytes.Length;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        // The reference writer pads the header with spaces to a multiple of 8 so the data is aligned.
        int padded = (json.Length + 7) / 8 * 8;
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
        stream.Write(len);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var b in blobs) stream.Write(b);
    }

    /// <summary>Reads every tensor of a .safetensors file, in file order (safetensors.torch.load_file).</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        using var f = File.OpenRead(path);
        return Read(f, path);
    }

    /// <summary>The metadata strings of a file ("__metadata__"), empty when there are none.</summary>
    public static Dictionary<string, string> Metadata(string path)
    {
        using var f = File.OpenRead(path);
        var (header, _) = ReadHeader(f, path);
        var result = new Dictionary<string, string>();
        if (header["__metadata__"] is JsonObject meta)
            foreach (var (k, v) in meta) result[k] = v?.GetValue<string>() ?? "";
        return result;
    }

    static (JsonObject Header, long DataStart) ReadHeader(Stream stream, string source)
    {
        Span<byte> len = stackalloc byte[8];
        stream.ReadExactly(len);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(len);
        if (n > 100_000_000 || (long)n > stream.Length - 8)
            throw new InvalidDataException($"safetensors: {source} declares a header of {n} bytes but is {stream.Length} bytes long; it is not a safetensors file");
        var json = new byte[n];
        stream.ReadExactly(json);
        return (JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"safetensors: the header of {source} is not a JSON object"), 8 + (long)n);
    }

    /// <summary>Reads every tensor from a stream positioned at the start of the format.</summary>
    public static Dictionary<string, Tensor> Read(Stream stream, string source = "stream")
    {
        var (header, start) = ReadHeader(stream, source);
        var data = new byte[stream.Length - start];
        stream.ReadExactly(data);
        var result = new Dictionary<string, Tensor>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__") continue;
            var info = node as JsonObject ?? throw new InvalidDataException($"safetensors: entry '{name}' in {source} is not an object");
            var dtype = FromCode(info["dtype"]!.GetValue<string>());
            var shape = info["shape"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray();
            var offs = info["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            long expected = (long)Shapes.NumelOf(shape) * ElementSize(dtype);
            if (offs.Length != 2 || offs[0] < 0 || offs[1] > data.Length || offs[1] - offs[0] != expected)
                throw new InvalidDataException($"safetensors: '{name}' in {source} has data_offsets [{string.Join(", ", offs)}] but shape {Shapes.Show(shape)} of {dtype} needs {expected} bytes within a {data.Length}-byte buffer");
            result[name] = FromBytes(data.AsSpan((int)offs[0], (int)expected), dtype, shape);
        }
        return result;
    }

    static byte[] ToBytes(Tensor t)
    {
        var host = t.Detach().Contiguous().ToArray();
        var bytes = new byte[(long)t.Numel * ElementSize(t.DType)];
        switch (host)
        {
            case float[] f: for (int i = 0; i < f.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), f[i]); break;
            case double[] d: for (int i = 0; i < d.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), d[i]); break;
            case long[] l: for (int i = 0; i < l.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), l[i]); break;
            case bool[] b: for (int i = 0; i < b.Length; i++) bytes[i] = b[i] ? (byte)1 : (byte)0; break;
            case byte[] u: u.CopyTo(bytes, 0); break;
        }
        return bytes;
    }

    static Tensor FromBytes(ReadOnlySpan<byte> src, DType dtype, int[] shape)
    {
        var t = FromBytesFlat(src, dtype, Shapes.NumelOf(shape));
        return t.Reshape(shape);
    }

    static Tensor FromBytesFlat(ReadOnlySpan<byte> src, DType dtype, int n)
    {
        switch (dtype)
        {
            case DType.Float32:
                var f = new float[n];
                for (int i = 0; i < n; i++) f[i] = BinaryPrimitives.ReadSingleLittleEndian(src[(i * 4)..]);
                return Tensor.FromArray(f);
            case DType.Float64:
                var d = new double[n];
                for (int i = 0; i < n; i++) d[i] = BinaryPrimitives.ReadDoubleLittleEndian(src[(i * 8)..]);
                return Tensor.FromArray(d);
            case DType.Int64:
                var l = new long[n];
                for (int i = 0; i < n; i++) l[i] = BinaryPrimitives.ReadInt64LittleEndian(src[(i * 8)..]);
                return Tensor.FromArray(l);
            case DType.Bool:
                var b = new bool[n];
                for (int i = 0; i < n; i++) b[i] = src[i] != 0;
                return Tensor.FromArray(b);
            default:
                return Tensor.FromArray(src.ToArray());
        }
    }
}
