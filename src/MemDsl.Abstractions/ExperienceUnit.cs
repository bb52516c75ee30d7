namespace MemDsl.Abstractions;

/// <summary>What one experience is, for <see cref="EncodeKind.Distill"/>.</summary>
public enum ExperienceUnit
{
    /// <summary>A whole session: its turns compete for the experience's items.</summary>
    Session,

    /// <summary>A run of <see cref="EncodeAttribute.Span"/> consecutive turns of one session (the session is cut into such runs).</summary>
    Window,
}
