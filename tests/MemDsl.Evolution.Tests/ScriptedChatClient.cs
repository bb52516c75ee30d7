using Microsoft.Extensions.AI;

namespace MemDsl.Evolution.Tests;

/// <summary>
/// A TEST DOUBLE FOR AN EXTERNAL SERVICE: stands in for a chat model endpoint (an OpenAI-compatible
/// server) so the LLM proposer can be tested without network, keys or a model. It answers with the
/// scripted texts in order and records every request it got; it does no reasoning of its own.
/// </summary>
internal sealed class ScriptedChatClient(params string[] answers) : IChatClient
{
    private readonly Queue<string> _answers = new(answers);

    /// <summary>The messages of every request, in order.</summary>
    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add(messages.ToList());
        if (_answers.Count == 0)
        {
            throw new InvalidOperationException("The script has no more answers.");
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, _answers.Dequeue())));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The LLM proposer does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
