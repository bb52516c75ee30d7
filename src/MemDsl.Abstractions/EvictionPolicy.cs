namespace MemDsl.Abstractions;

/// <summary>Which record a capacity manager evicts first.</summary>
public enum EvictionPolicy
{
    /// <summary>The record written first.</summary>
    Fifo,

    /// <summary>The record least recently returned by a query (never returned: ordered by write).</summary>
    Lru,
}
