// The connection file Jupyter writes for each kernel it starts: transport, ip, five ports and the signing key.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mnist.Scripting.Host.Kernel;

/// <summary>The fields of a Jupyter connection file.</summary>
public sealed record ConnectionFile(
    [property: JsonPropertyName("transport")] string Transport,
    [property: JsonPropertyName("ip")] string Ip,
    [property: JsonPropertyName("shell_port")] int ShellPort,
    [property: JsonPropertyName("control_port")] int ControlPort,
    [property: JsonPropertyName("stdin_port")] int StdinPort,
    [property: JsonPropertyName("iopub_port")] int IopubPort,
    [property: JsonPropertyName("hb_port")] int HeartbeatPort,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("signature_scheme")] string SignatureScheme)
{
    /// <summary>Reads and checks a connection file.</summary>
    public static ConnectionFile Load(string path)
    {
        var file = JsonSerializer.Deserialize<ConnectionFile>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"connection file '{path}' is empty");
        return file with
        {
            Transport = file.Transport ?? "tcp", Key = file.Key ?? "",
            SignatureScheme = string.IsNullOrEmpty(file.SignatureScheme) ? "hmac-sha256" : file.SignatureScheme,
        };
    }

    /// <summary>The address to bind a port to: tcp://ip:port, or ipc://ip-port as Jupyter names ipc endpoints.</summary>
    public string Address(int port) => Transport == "ipc" ? $"ipc://{Ip}-{port}" : $"{Transport}://{Ip}:{port}";
}
