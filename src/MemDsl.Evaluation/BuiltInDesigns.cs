namespace MemDsl.Evaluation;

/// <summary>
/// Baselines declared as attribute text, the same language as a memory declaration. All use one
/// record per turn with the speaker prefix and return 10 hits, so recall@10 is comparable.
/// </summary>
public static class BuiltInDesigns
{
    /// <summary>BM25 only. The embedder is required by the language; 16 hashed dimensions keep its cost negligible.</summary>
    public const string Bm25 = """
        [MemoryArchitecture("bm25")]
        [Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
        [Embed(EmbedderKind.Hashing, Dimensions = 16)]
        [Store(StoreKind.VectorAndText)]
        [Retrieve(RetrieveKind.Bm25, TopK = 10)]
        """;

    /// <summary>Cosine only, over 512-dimensional hashed unigrams and bigrams.</summary>
    public const string Cosine = """
        [MemoryArchitecture("cosine")]
        [Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
        [Embed(EmbedderKind.Hashing, Dimensions = 512)]
        [Store(StoreKind.Vector)]
        [Retrieve(RetrieveKind.Cosine, TopK = 10)]
        """;

    /// <summary>0.5 x cosine + 0.5 x max-normalized BM25.</summary>
    public const string Hybrid = """
        [MemoryArchitecture("hybrid")]
        [Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
        [Embed(EmbedderKind.Hashing, Dimensions = 512)]
        [Store(StoreKind.VectorAndText)]
        [Retrieve(RetrieveKind.Hybrid, TopK = 10, Alpha = 0.5f)]
        """;

    /// <summary>The baselines by name, in leaderboard order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Baselines { get; } =
    [
        new("bm25", Bm25),
        new("cosine", Cosine),
        new("hybrid", Hybrid),
    ];

    public static BenchmarkDesign Baseline(string name, BenchmarkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (key, text) in Baselines)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return DesignFactory.FromAttributeText(text, "baseline", options);
            }
        }

        throw new ArgumentException($"Unknown baseline '{name}'; expected one of: {string.Join(", ", Baselines.Select(b => b.Key))}.", nameof(name));
    }
}
