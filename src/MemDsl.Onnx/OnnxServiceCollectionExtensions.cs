using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MemDsl.Onnx;

/// <summary>Registers the ONNX-based components.</summary>
public static class OnnxServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MiniLMEmbedder"/> as the <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of
    /// strings singleton (the service generated pipelines of <c>[Embed(EmbedderKind.MiniLM)]</c> declarations
    /// take), wrapped in a <see cref="DiskCachingEmbeddingGenerator"/> when
    /// <see cref="MiniLMEmbedderOptions.CacheDirectory"/> is set. Options are validated here, at registration.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static IServiceCollection AddMiniLMEmbeddings(this IServiceCollection services, Action<MiniLMEmbedderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new MiniLMEmbedderOptions();
        configure?.Invoke(options);
        options.Validate();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(provider =>
        {
            var loggers = provider.GetService<ILoggerFactory>();
            var embedder = new MiniLMEmbedder(options, loggers?.CreateLogger<MiniLMEmbedder>());
            if (options.CacheDirectory is null)
            {
                return embedder;
            }

            try
            {
                var cache = EmbeddingCache.Open(options.CacheDirectory, embedder.EmbedderId, MiniLMEmbedder.ModelSha256, MiniLMEmbedder.Dimensions, null, loggers?.CreateLogger<EmbeddingCache>());
                return new DiskCachingEmbeddingGenerator(embedder, cache);
            }
            catch
            {
                embedder.Dispose();
                throw;
            }
        });
        return services;
    }
}
