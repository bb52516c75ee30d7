namespace MemDsl.Model;

/// <summary>Where and how the memory class is declared: everything emission and shape checks need.</summary>
public sealed record TypeShape(
    string? Namespace,
    string Name,
    EquatableArray<ContainingTypeShape> ContainingTypes,
    bool IsPartial,
    bool IsStatic,
    bool IsGeneric,
    bool IsClass,
    TypeVisibility Visibility = TypeVisibility.Public,
    EquatableArray<MemberShape> Members = default)
{
    /// <summary>The shape of a spec that came from attribute text rather than from a class.</summary>
    public static TypeShape Detached { get; } = new(null, "Memory", EquatableArray<ContainingTypeShape>.Empty, IsPartial: true, IsStatic: false, IsGeneric: false, IsClass: true);

    /// <summary><c>Namespace.Outer.Name</c>, for hint names and messages.</summary>
    public string FullName
    {
        get
        {
            var parts = new System.Collections.Generic.List<string>();
            if (!string.IsNullOrEmpty(Namespace))
            {
                parts.Add(Namespace!);
            }

            foreach (var containing in ContainingTypes)
            {
                parts.Add(StripTypeParameters(containing.NameWithTypeParameters));
            }

            parts.Add(Name);
            return string.Join(".", parts);
        }
    }

    private static string StripTypeParameters(string name)
    {
        var index = name.IndexOf('<');
        return index < 0 ? name : name.Substring(0, index);
    }
}
