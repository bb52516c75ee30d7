namespace MemDsl.Evaluation;

/// <summary>A turn written to the memory.</summary>
public sealed record WriteEvent(Turn Turn) : StreamEvent;
