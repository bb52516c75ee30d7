using Microsoft.Extensions.AI;

namespace MemDsl.Runtime.Tests.Text;

/// <summary>
/// TEST DOUBLE for an external service: stands in for a hosted chat model (an LLM behind
/// <see cref="IChatClient"/>), which tests cannot call. It answers each request with the next
/// scripted reply and records the prompts it was sent, so tests check both what the chat-backed
/// stages ask and how they read good and unparseable answers. It is not a model.
/// </summary>
internal sealed class ScriptedChatClient(params string[] replies) : IChatClient
{
    private readonly Queue<string> replies = new(replies);

    public List<string> Prompts { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Prompts.Add(string.Join("\n", messages.Select(m => m.Text)));
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, replies.Dequeue())));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The text stages ask for whole responses.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
