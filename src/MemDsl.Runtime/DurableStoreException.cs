namespace MemDsl.Runtime;

/// <summary>
/// A durable store file cannot be used: it is damaged, was written by a newer MemDsl, holds vectors
/// of another embedder or dimension, is locked by another pipeline, or a write to it failed. The
/// message names the file and, where known, the record. The file is never modified when this is
/// thrown while opening it.
/// </summary>
public sealed class DurableStoreException : MemDslException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What is wrong; it names the file.</param>
    /// <param name="filePath">The store file.</param>
    /// <param name="recordId">The record at fault, when known.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public DurableStoreException(string message, string filePath, long? recordId = null, Exception? innerException = null)
        : base(message, filePath, innerException)
    {
        RecordId = recordId;
    }

    /// <summary>The id of the record at fault, when known.</summary>
    public long? RecordId { get; }
}
