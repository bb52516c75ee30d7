namespace MemDsl.Model;

/// <summary>
/// A member the user declared in the memory class that may collide with a member the generated
/// pipeline adds (<see cref="GeneratedMembers"/>): one with a reserved name, or an instance
/// constructor. Read from the user's own source only, never from generated files.
/// </summary>
/// <param name="Kind">What it is: <c>field</c>, <c>property</c>, <c>event</c>, <c>method</c>, <c>constructor</c> or <c>type</c>.</param>
/// <param name="Name">Its name as declared (the class name for a constructor).</param>
/// <param name="ParameterTypes">Fully qualified parameter types of a method or constructor; empty otherwise.</param>
/// <param name="TypeParameterCount">The number of type parameters of a generic method; 0 otherwise.</param>
public sealed record MemberShape(string Kind, string Name, EquatableArray<string> ParameterTypes, int TypeParameterCount = 0)
{
    public const string Constructor = "constructor";
    public const string Method = "method";

    /// <summary>The member as a reader sees it, e.g. <c>method WriteAsync(global::System.String)</c>.</summary>
    public string Display => Kind == Method || Kind == Constructor
        ? Name + "(" + string.Join(", ", ParameterTypes) + ")"
        : Name;
}
