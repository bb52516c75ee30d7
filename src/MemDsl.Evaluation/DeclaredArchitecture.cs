namespace MemDsl.Evaluation;

/// <summary>
/// A memory declaration found in C# source: the type's name, its MemDsl attribute lists as attribute
/// text, and whether the file also declares custom methods (<c>[EncodeWith]</c>, <c>[ScoreWith]</c>),
/// which attribute text cannot carry.
/// </summary>
public sealed record DeclaredArchitecture(string TypeName, string AttributeText, bool HasCustomMethods);
