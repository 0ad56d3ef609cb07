using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace FhirMedGemma.Inference.Tests.Chat;

/// <summary>
/// A tiny OpenAI-compatible chat completions server on a real loopback socket (HttpListener): JSON for plain requests,
/// server-sent events for <c>"stream": true</c>. Records each request body and Authorization header.
/// </summary>
internal sealed class LoopbackOpenAIServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly string[] _chunks;

    public LoopbackOpenAIServer(params string[] chunks)
    {
        _chunks = chunks;
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/v1");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseAddress { get; }

    public List<(string Path, string? Authorization, JsonElement Body)> Requests { get; } = [];

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
            lock (Requests)
            {
                Requests.Add((context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], body));
            }

            var model = body.GetProperty("model").GetString();
            var stream = body.TryGetProperty("stream", out var s) && s.GetBoolean();
            if (stream)
            {
                context.Response.ContentType = "text/event-stream";
                context.Response.SendChunked = true;
                var sse = new StringBuilder();
                for (var i = 0; i < _chunks.Length; i++)
                {
                    var delta = i == 0 ? new { role = "assistant", content = _chunks[i] } : (object)new { content = _chunks[i] };
                    sse.Append("data: ").Append(JsonSerializer.Serialize(new
                    {
                        id = "chatcmpl-stream", @object = "chat.completion.chunk", created = 1_700_000_000, model,
                        choices = new[] { new { index = 0, delta, finish_reason = (string?)null } },
                    })).Append("\n\n");
                }

                sse.Append("data: ").Append(JsonSerializer.Serialize(new
                {
                    id = "chatcmpl-stream", @object = "chat.completion.chunk", created = 1_700_000_000, model,
                    choices = new[] { new { index = 0, delta = new { }, finish_reason = "stop" } },
                    usage = new { prompt_tokens = 12, completion_tokens = _chunks.Length, total_tokens = 12 + _chunks.Length },
                })).Append("\n\ndata: [DONE]\n\n");
                await Write(context, sse.ToString());
            }
            else
            {
                context.Response.ContentType = "application/json";
                await Write(context, JsonSerializer.Serialize(new
                {
                    id = "chatcmpl-1", @object = "chat.completion", created = 1_700_000_000, model,
                    choices = new[] { new { index = 0, message = new { role = "assistant", content = string.Concat(_chunks) }, finish_reason = "stop" } },
                    usage = new { prompt_tokens = 12, completion_tokens = 5, total_tokens = 17 },
                }));
            }
        }
    }

    private static async Task Write(HttpListenerContext context, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
