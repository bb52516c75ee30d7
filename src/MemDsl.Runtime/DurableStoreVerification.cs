namespace MemDsl.Runtime;

/// <summary>The outcome of <see cref="DurableStoreInspector.Verify"/>: every problem found, in file order.</summary>
/// <param name="Info">What the file holds.</param>
/// <param name="RecordsChecked">Records whose vector, checksum and fields were checked.</param>
/// <param name="Problems">One line per problem (SQLite's integrity check, then per record); empty when the file is sound.</param>
public sealed record DurableStoreVerification(DurableStoreInfo Info, long RecordsChecked, IReadOnlyList<string> Problems)
{
    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Problems.Count == 0;
}
