namespace MemDsl.Model;

/// <summary>A type the memory class is nested in, as the generator must re-declare it.</summary>
/// <param name="Keyword">The declaration keyword: <c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c>, <c>interface</c>.</param>
/// <param name="NameWithTypeParameters">The name as declared, e.g. <c>Outer&lt;T&gt;</c>.</param>
/// <param name="IsPartial">Whether every declaration of the type is partial.</param>
public sealed record ContainingTypeShape(string Keyword, string NameWithTypeParameters, bool IsPartial);
