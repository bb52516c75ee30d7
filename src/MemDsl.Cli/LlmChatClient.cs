using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace MemDsl.Cli;

/// <summary>The chat client of <c>memdsl evolve --proposer llm</c>: any OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp, Ollama).</summary>
internal static class LlmChatClient
{
    /// <param name="endpoint">The base URL, e.g. <c>http://localhost:8080/v1</c>.</param>
    /// <param name="model">The model name the endpoint serves.</param>
    /// <param name="apiKey">The key; local servers usually need none, and a placeholder is sent then.</param>
    public static IChatClient Create(Uri endpoint, string model, string? apiKey)
    {
        var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "none" : apiKey), new OpenAIClientOptions { Endpoint = endpoint });
        return client.GetChatClient(model).AsIChatClient();
    }
}
