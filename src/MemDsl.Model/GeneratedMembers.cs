using System.Collections.Generic;

namespace MemDsl.Model;

/// <summary>
/// The members the generator adds to a memory class. Public ones are listed here so
/// <see cref="SpecValidator"/> can report a user member that collides with one (MEMDSL0011)
/// instead of letting the generated file fail to compile. Private helpers all start with
/// <see cref="PrivatePrefix"/>, which is reserved as a whole.
/// </summary>
public static class GeneratedMembers
{
    /// <summary>The prefix of every private field and helper method of a generated pipeline.</summary>
    public const string PrivatePrefix = "__memdsl_";

    private const string CancellationTokenType = "global::System.Threading.CancellationToken";

    /// <summary>The generated constructor's parameter type for a durable store's options.</summary>
    public const string StorageOptionsType = "global::" + KnownNames.RuntimeNamespace + ".MemoryStorageOptions";

    /// <summary>The generated constructor's parameter type for the MiniLM embedder.</summary>
    public const string EmbeddingGeneratorType = "global::Microsoft.Extensions.AI.IEmbeddingGenerator<string, global::Microsoft.Extensions.AI.Embedding<float>>";

    /// <summary>Public members other than the constructor; a null parameter list marks a property.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string[]?>> Public = new[]
    {
        new KeyValuePair<string, string[]?>("ArchitectureName", null),
        new KeyValuePair<string, string[]?>("Count", null),
        new KeyValuePair<string, string[]?>("Spec", null),
        new KeyValuePair<string, string[]?>("WriteAsync", new[] { "global::" + KnownNames.AbstractionsNamespace + ".Turn", CancellationTokenType }),
        new KeyValuePair<string, string[]?>("QueryAsync", new[] { "global::" + KnownNames.AbstractionsNamespace + ".MemoryQuery", CancellationTokenType }),
        new KeyValuePair<string, string[]?>("ManageAsync", new[] { CancellationTokenType }),
        new KeyValuePair<string, string[]?>("FeedbackAsync", new[] { "global::" + KnownNames.AbstractionsNamespace + ".MemoryQuery", KnownNames.MemoryHitType, KnownNames.FloatType, CancellationTokenType }),
        new KeyValuePair<string, string[]?>("Dispose", new string[0]),
    };

    /// <summary>Whether a user member of this name needs a closer look (a public generated name or the private prefix).</summary>
    public static bool IsReservedName(string name)
    {
        if (name.StartsWith(PrivatePrefix, StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var member in Public)
        {
            if (member.Key == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The parameter types of the constructor generated for <paramref name="spec"/>.</summary>
    public static string[] ConstructorParameters(ArchitectureSpec spec)
    {
        var parameters = new List<string>();
        if (spec.Find(StageSlot.Embed)?.KindName == "MiniLM")
        {
            parameters.Add(EmbeddingGeneratorType);
        }

        if (spec.Find(StageSlot.Store)?.FindExplicit(MemoryCatalog.Persistence.Name)?.Value.Symbol == "Sqlite")
        {
            parameters.Add(StorageOptionsType);
        }

        return parameters.ToArray();
    }

    /// <summary>
    /// The generated member <paramref name="member"/> collides with (as C# would report CS0102 or
    /// CS0111), rendered for a message, or null when it does not collide: methods and constructors
    /// with other parameter types, or generic methods, are overloads and compile.
    /// </summary>
    public static string? FindClash(ArchitectureSpec spec, MemberShape member)
    {
        var isCallable = member.Kind == MemberShape.Method || member.Kind == MemberShape.Constructor;
        if (member.Kind == MemberShape.Constructor)
        {
            var generated = ConstructorParameters(spec);
            return SameParameters(member, generated) ? "constructor " + spec.Shape.Name + "(" + string.Join(", ", generated) + ")" : null;
        }

        if (member.Name.StartsWith(PrivatePrefix, StringComparison.Ordinal))
        {
            return "private members named " + PrivatePrefix + "*";
        }

        foreach (var generated in Public)
        {
            if (generated.Key != member.Name)
            {
                continue;
            }

            if (generated.Value is null)
            {
                return "property " + generated.Key;
            }

            if (!isCallable || SameParameters(member, generated.Value))
            {
                return "method " + generated.Key + "(" + string.Join(", ", generated.Value) + ")";
            }
        }

        return null;
    }

    private static bool SameParameters(MemberShape member, string[] parameters)
    {
        if (member.TypeParameterCount != 0 || member.ParameterTypes.Count != parameters.Length)
        {
            return false;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (member.ParameterTypes[i] != parameters[i])
            {
                return false;
            }
        }

        return true;
    }
}
