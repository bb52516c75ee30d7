namespace MemDsl.Runtime;

/// <summary>Which of Mem-alpha's stores a written statement goes to (<see cref="IWriteRouter"/>).</summary>
[Flags]
public enum WriteRoute
{
    /// <summary>The episodic store: every statement goes there.</summary>
    Episodic = 1,

    /// <summary>The semantic store: fact-like statements.</summary>
    Semantic = 2,

    /// <summary>The core store: durable first-person statements about the speaker (identity, preferences).</summary>
    Core = 4,
}
