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

    /// <summary>
    /// ReasoningBank's distillation: each experience (a session, or a run of <see cref="EncodeAttribute.Span"/> turns)
    /// keeps its <see cref="EncodeAttribute.Items"/> most salient turns as strategy items (title, description, content),
    /// one record each; small talk becomes no record.
    /// </summary>
    Distill,
}
