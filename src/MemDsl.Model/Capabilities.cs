namespace MemDsl.Model;

/// <summary>What a stage provides to, or needs from, the rest of the pipeline.</summary>
[Flags]
public enum Capabilities
{
    None = 0,

    /// <summary>The store keeps an embedding per record.</summary>
    StoredVectors = 1,

    /// <summary>The store keeps the record text in a lexical (BM25) index.</summary>
    IndexedText = 2,
}
