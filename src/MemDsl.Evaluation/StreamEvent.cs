namespace MemDsl.Evaluation;

/// <summary>One event of a <see cref="TaskStream"/>: a <see cref="WriteEvent"/> or a <see cref="QueryEvent"/>.</summary>
public abstract record StreamEvent
{
    private protected StreamEvent()
    {
    }
}
