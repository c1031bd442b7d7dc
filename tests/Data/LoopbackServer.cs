// A tiny HTTP server on 127.0.0.1 for download tests: serves whatever bytes the test sets, counts requests, can be slow.
using System.Net;
using System.Net.Sockets;

namespace Mnist.Scripting.Tests.Data;

sealed class LoopbackServer : IDisposable
{
    readonly HttpListener listener = new();
    readonly Thread thread;
    int requests;

    public byte[] Body { get; set; } = [];
    public int DelayMs { get; set; }
    /// <summary>When set, send this many bytes of the body and then go silent (a stalled connection).</summary>
    public int? StallAfter { get; set; }
    public int Requests => Volatile.Read(ref requests);
    public string Url { get; }

    public LoopbackServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(Url);
        listener.Start();
        thread = new Thread(Serve) { IsBackground = true };
        thread.Start();
    }

    void Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = listener.GetContext(); } catch (Exception) { return; }
            Interlocked.Increment(ref requests);
            try
            {
                if (DelayMs > 0) Thread.Sleep(DelayMs);
                var body = Body;
                ctx.Response.ContentLength64 = body.Length;
                if (StallAfter is { } k)
                {
                    ctx.Response.OutputStream.Write(body, 0, k);
                    ctx.Response.OutputStream.Flush();
                    Thread.Sleep(5000);
                }
                ctx.Response.OutputStream.Write(body);
                ctx.Response.Close();
            }
            catch (Exception) { }
        }
    }

    public void Dispose() { listener.Stop(); listener.Close(); thread.Join(2000); }

    /// <summary>A port with nothing listening, for "no network" tests.</summary>
    public static string DeadUrl()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return $"http://127.0.0.1:{port}/mnist_sample.tgz";
    }
}
