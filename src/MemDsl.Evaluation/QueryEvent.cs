namespace MemDsl.Evaluation;

/// <summary>A question asked of the memory at this point of the stream (after the writes before it).</summary>
public sealed record QueryEvent(StreamQuery Query) : StreamEvent;
