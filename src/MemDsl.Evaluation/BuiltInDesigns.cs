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

    /// <summary>
    /// Cosine over all-MiniLM-L6-v2 vectors of <c>"{speaker}: {text}"</c>: the LoCoMo data README's
    /// "MiniLM cosine" reference row. Needs a MiniLM embedder (<c>memdsl bench --embedder minilm</c>).
    /// </summary>
    public const string MiniLMCosine = """
        [MemoryArchitecture("minilm-cosine")]
        [Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.Vector)]
        [Retrieve(RetrieveKind.Cosine, TopK = 10)]
        """;

    /// <summary>
    /// 0.7 x MiniLM cosine + 0.3 x max-normalized BM25. 0.7 is the weight of the LoCoMo data README's
    /// hybrid reference row (0.7 x cosine + 0.3 x BM25), so the two can be compared; it was not tuned on dev.
    /// </summary>
    public const string MiniLMHybrid = """
        [MemoryArchitecture("minilm-hybrid")]
        [Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
        [Embed(EmbedderKind.MiniLM)]
        [Store(StoreKind.VectorAndText)]
        [Retrieve(RetrieveKind.Hybrid, TopK = 10, Alpha = 0.7f)]
        """;

    /// <summary>The baselines that need no model, by name, in leaderboard order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Baselines { get; } =
    [
        new("bm25", Bm25),
        new("cosine", Cosine),
        new("hybrid", Hybrid),
    ];

    /// <summary>The baselines that declare <c>EmbedderKind.MiniLM</c>: meaningful only with a real MiniLM embedder.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> MiniLMBaselines { get; } =
    [
        new("minilm-cosine", MiniLMCosine),
        new("minilm-hybrid", MiniLMHybrid),
    ];

    public static BenchmarkDesign Baseline(string name, BenchmarkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (key, text) in Baselines.Concat(MiniLMBaselines))
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return DesignFactory.FromAttributeText(text, "baseline", options);
            }
        }

        throw new ArgumentException($"Unknown baseline '{name}'; expected one of: {string.Join(", ", Baselines.Concat(MiniLMBaselines).Select(b => b.Key))}.", nameof(name));
    }
}
