namespace MemDsl.Abstractions;

/// <summary>What one memory record is made of.</summary>
public enum EncodeKind
{
    /// <summary>One record per turn.</summary>
    Turn,

    /// <summary>One record per turn, holding it and up to <see cref="EncodeAttribute.Size"/> - 1 turns before it in the same session.</summary>
    Window,

    /// <summary>One record per session, growing as the session's turns arrive.</summary>
    Session,
}
