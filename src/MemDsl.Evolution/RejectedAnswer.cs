namespace MemDsl.Evolution;

/// <summary>A proposer answer that was not a legal candidate, so never benched (e.g. an LLM answer that failed to parse or validate).</summary>
/// <param name="Slot">The archive id the proposal was for.</param>
/// <param name="Reason">Why it was rejected.</param>
public sealed record RejectedAnswer(int Slot, string Reason);
