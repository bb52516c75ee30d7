namespace MemDsl.Abstractions;

/// <summary>The store stage: where records live and what is indexed. Required.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class StoreAttribute : Attribute
{
    /// <summary>Declares the store stage.</summary>
    /// <param name="kind">The store.</param>
    public StoreAttribute(StoreKind kind) => Kind = kind;

    /// <summary>The store.</summary>
    public StoreKind Kind { get; }

    /// <summary>
    /// Where records live beyond the process; <see cref="PersistenceKind.None"/> by default. A durable
    /// pipeline takes the file path from <c>MemoryStorageOptions</c> at construction.
    /// </summary>
    public PersistenceKind Persistence { get; set; }

    /// <summary>How many nearest notes a new note links to and evolves, for <see cref="StoreKind.Notes"/>: 1..20, default 3.</summary>
    public int Links { get; set; }
}
