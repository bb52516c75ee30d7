namespace MemDsl.Runtime;

/// <summary>
/// What a Memory-R1-style manager does with an incoming fact, given the most similar stored facts
/// about the same subject.
/// </summary>
public enum FactOperation
{
    /// <summary>Store the fact: nothing stored says it yet.</summary>
    Add,

    /// <summary>Replace the most similar stored fact with the new one (it changes or refines it).</summary>
    Update,

    /// <summary>Remove the most similar stored fact: the new fact retracts it.</summary>
    Delete,

    /// <summary>Change nothing: the fact is already stored.</summary>
    Noop,
}
