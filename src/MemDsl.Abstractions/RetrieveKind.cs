namespace MemDsl.Abstractions;

/// <summary>How a query finds records.</summary>
public enum RetrieveKind
{
    /// <summary>Exact cosine similarity top-k.</summary>
    Cosine,

    /// <summary>BM25 top-k over the indexed text (needs <see cref="StoreKind.VectorAndText"/>).</summary>
    Bm25,

    /// <summary><c>Alpha * cosine + (1 - Alpha) * BM25 / max BM25</c> top-k (needs <see cref="StoreKind.VectorAndText"/>).</summary>
    Hybrid,
}
