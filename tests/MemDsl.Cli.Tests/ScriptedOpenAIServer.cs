using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace MemDsl.Cli.Tests;

/// <summary>
/// A TEST DOUBLE FOR AN EXTERNAL SERVICE: a local HTTP server speaking just enough of the
/// OpenAI chat-completions protocol (POST {endpoint}/chat/completions) for <c>memdsl evolve
/// --proposer llm</c> to talk to it. It answers with scripted texts in order, records each request's
/// model, authorization header and last user message, and does no reasoning of its own.
/// </summary>
internal sealed class ScriptedOpenAIServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<string> _answers;
    private readonly Task _serving;

    public ScriptedOpenAIServer(params string[] answers)
    {
        _answers = new Queue<string>(answers);
        var port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The base URL to pass as --llm-endpoint.</summary>
    public string Endpoint { get; }

    public List<(string Path, string? Model, string? Authorization, string LastMessage)> Requests { get; } = [];

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _listener.Close();
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
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            using var request = JsonDocument.Parse(await reader.ReadToEndAsync());
            var messages = request.RootElement.GetProperty("messages");
            var last = messages[messages.GetArrayLength() - 1].GetProperty("content");
            var lastText = last.ValueKind == JsonValueKind.String ? last.GetString()! : last.GetRawText();
            string? answer;
            lock (Requests)
            {
                Requests.Add((context.Request.Url!.AbsolutePath, request.RootElement.TryGetProperty("model", out var model) ? model.GetString() : null, context.Request.Headers["Authorization"], lastText));
                answer = _answers.Count > 0 ? _answers.Dequeue() : null;
            }

            var body = answer is null
                ? JsonSerializer.Serialize(new { error = new { message = "script exhausted", type = "invalid_request_error" } })
                : JsonSerializer.Serialize(new
                {
                    id = "chatcmpl-" + Requests.Count,
                    @object = "chat.completion",
                    created = 1_700_000_000,
                    model = "scripted",
                    choices = new[] { new { index = 0, message = new { role = "assistant", content = answer }, finish_reason = "stop" } },
                    usage = new { prompt_tokens = 1, completion_tokens = 1, total_tokens = 2 },
                });
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = answer is null ? 400 : 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
