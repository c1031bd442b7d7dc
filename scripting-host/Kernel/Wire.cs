// The Jupyter wire format (messaging protocol 5.3): identities, <IDS|MSG>, HMAC-SHA256 signature, four JSON parts and
// binary buffers. Every message is signed with the connection file's key; one arriving with a bad signature is refused.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NetMQ;

namespace Mnist.Scripting.Host.Kernel;

/// <summary>One message: routing identities, the four dictionaries and any buffers.</summary>
public sealed record Message(IReadOnlyList<byte[]> Identities, JsonObject Header, JsonObject ParentHeader,
    JsonObject Metadata, JsonObject Content)
{
    /// <summary>header.msg_type, e.g. execute_request.</summary>
    public string Type => Header["msg_type"]?.GetValue<string>() ?? "";
}

/// <summary>Signs, verifies, reads and writes messages for one connection (one key, one kernel session id).</summary>
public sealed class Wire(string key, string signatureScheme = "hmac-sha256")
{
    static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();
    readonly byte[] keyBytes = Encoding.UTF8.GetBytes(key);

    /// <summary>This kernel's session id, in every header it sends.</summary>
    public string Session { get; } = Guid.NewGuid().ToString();

    /// <summary>Hex HMAC-SHA256 of the header, parent header, metadata and content; "" when the key is empty.</summary>
    public string Sign(IEnumerable<byte[]> parts)
    {
        if (keyBytes.Length == 0) return "";
        if (signatureScheme != "hmac-sha256") throw new NotSupportedException($"signature scheme '{signatureScheme}' (only hmac-sha256)");
        using var hmac = new HMACSHA256(keyBytes);
        foreach (var p in parts) hmac.TransformBlock(p, 0, p.Length, null, 0);
        hmac.TransformFinalBlock([], 0, 0);
        return Convert.ToHexStringLower(hmac.Hash!);
    }

    /// <summary>Parses frames into a message; null with a reason when malformed or badly signed.</summary>
    public Message? Read(NetMQMessage frames, out string? error)
    {
        error = null;
        var all = frames.Select(f => f.ToByteArray()).ToList();
        var at = all.FindIndex(f => f.AsSpan().SequenceEqual(Delimiter));
        if (at < 0 || all.Count < at + 6) { error = "no <IDS|MSG> delimiter or too few frames"; return null; }
        var signature = Encoding.ASCII.GetString(all[at + 1]);
        var parts = all.Skip(at + 2).Take(4).ToList();
        var expected = Sign(parts);
        if (keyBytes.Length > 0 && !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(expected)))
        {
            error = "bad signature";
            return null;
        }
        try
        {
            JsonObject Obj(int i) => JsonNode.Parse(parts[i]) as JsonObject ?? [];
            return new Message(all.Take(at).ToList(), Obj(0), Obj(1), Obj(2), Obj(3));
        }
        catch (System.Text.Json.JsonException e) { error = "invalid JSON: " + e.Message; return null; }
    }

    /// <summary>A fresh header for a message of <paramref name="type"/>.</summary>
    public JsonObject Header(string type) => new()
    {
        ["msg_id"] = Guid.NewGuid().ToString(),
        ["session"] = Session,
        ["username"] = "kernel",
        ["date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture),
        ["msg_type"] = type,
        ["version"] = "5.3",
    };

    /// <summary>The frames of a message of <paramref name="type"/> answering <paramref name="parent"/> (null: none).</summary>
    public NetMQMessage Build(string type, JsonObject content, Message? parent, IEnumerable<byte[]>? identities = null,
        JsonObject? metadata = null)
    {
        byte[] Bytes(JsonNode n) => Encoding.UTF8.GetBytes(n.ToJsonString());
        var parts = new[] { Bytes(Header(type)), Bytes(parent?.Header ?? []), Bytes(metadata ?? []), Bytes(content) };
        var frames = new NetMQMessage();
        foreach (var id in identities ?? parent?.Identities ?? []) frames.Append(id);
        frames.Append(Delimiter);
        frames.Append(Sign(parts));
        foreach (var p in parts) frames.Append(p);
        return frames;
    }
}
