namespace MemDsl.Abstractions;

/// <summary>
/// Marks the method that rescores each of the retriever's top-k hits; hits are then ordered by
/// the new score (ties: lower record id first). Signature:
/// <c>static float Method(in MemoryHit hit, in QueryContext query)</c> (parameters may be by value).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ScoreWithAttribute : Attribute
{
}
