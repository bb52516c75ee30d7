namespace MemDsl.Model;

/// <summary>A parameter of a custom stage method: fully qualified type and ref kind (<c>""</c>, <c>in</c>, <c>ref</c>, <c>out</c>).</summary>
public sealed record MethodParameterShape(string Type, string RefKind);
