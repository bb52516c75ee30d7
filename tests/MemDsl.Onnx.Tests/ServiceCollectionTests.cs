using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace MemDsl.Onnx.Tests;

public sealed class ServiceCollectionTests
{
    [Fact]
    public async Task AddMiniLMEmbeddings_registers_the_embedder_and_a_cache_that_serves_the_second_run()
    {
        using var directory = new TempDirectory();
        string[] texts = ["remember the milk", "the user lives in Lyon", "remember the milk"];
        float[][] firstRun;
        var services = new ServiceCollection().AddMiniLMEmbeddings(o =>
        {
            o.Device = Device.Cpu;
            o.IntraOpThreads = 1;
            o.CacheDirectory = directory.Path;
        });
        using (var provider = services.BuildServiceProvider())
        {
            var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
            var caching = Assert.IsType<DiskCachingEmbeddingGenerator>(generator);
            Assert.NotNull(generator.GetService<MiniLMEmbedder>());
            firstRun = (await generator.GenerateAsync(texts)).Select(e => e.Vector.ToArray()).ToArray();
            Assert.Equal(2, caching.Cache.Misses);
        }

        using (var provider = services.BuildServiceProvider())
        {
            var caching = Assert.IsType<DiskCachingEmbeddingGenerator>(provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
            var secondRun = await caching.GenerateAsync(texts);
            Assert.Equal(0, caching.Cache.Misses);
            Assert.Equal(3, caching.Cache.Hits);
            for (var i = 0; i < texts.Length; i++)
            {
                Assert.Equal(firstRun[i], secondRun[i].Vector.ToArray());
            }
        }
    }

    [Fact]
    public void Without_a_cache_directory_the_embedder_itself_is_registered()
    {
        using var provider = new ServiceCollection().AddMiniLMEmbeddings(o => o.Device = Device.Cpu).BuildServiceProvider();
        Assert.IsType<MiniLMEmbedder>(provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public void Bad_options_fail_at_registration()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddMiniLMEmbeddings(o => o.MaxTokens = 1000));
        Assert.Equal(nameof(MiniLMEmbedderOptions.MaxTokens), exception.ParamName);
    }
}
