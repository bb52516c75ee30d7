namespace MemDsl.Abstractions;

/// <summary>How a store keeps a compressed copy of its vectors for the cosine scan.</summary>
public enum QuantizationKind
{
    /// <summary>No copy: cosine retrieval scans the float32 vectors.</summary>
    None,

    /// <summary>
    /// An int8 copy (one scale per dimension, a quarter of the bytes) kept in step with every write:
    /// cosine retrieval scans it for 4k candidates and rescores those on the float32 vectors, so the
    /// hits carry exact scores and are the exact top-k whenever the true top-k are among the candidates.
    /// </summary>
    Int8,
}
