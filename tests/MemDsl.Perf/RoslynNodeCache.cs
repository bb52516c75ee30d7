using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace MemDsl.Perf;

/// <summary>
/// Roslyn's process-wide green-node cache (<c>Microsoft.CodeAnalysis.Syntax.InternalSyntax.SyntaxNodeCache</c>):
/// a fixed array of 65,536 slots, each holding the last small syntax node (up to three children) the parser
/// built with that hash, so later parses can share it. It is what the managed heap of <c>compile-cycles</c>
/// grows by: every candidate's source and generated code is parsed, new nodes fill free slots, and the
/// nodes stay reachable from the static array until another node takes their slot. It is bounded by its
/// slot count, so it stops growing once full. The diagnostic reads it by reflection (the type is internal;
/// Microsoft.CodeAnalysis is pinned, so its shape is fixed); the product never touches it.
/// </summary>
internal static class RoslynNodeCache
{
    private static readonly Array? Slots = Find();

    /// <summary>Whether this Roslyn build has the cache where the diagnostic looks for it.</summary>
    public static bool Found => Slots is not null;

    /// <summary>The number of slots (65,536 in Roslyn 5.0).</summary>
    public static int Capacity => Slots?.Length ?? 0;

    /// <summary>Slots that hold a node.</summary>
    public static int Used()
    {
        if (Slots is null)
        {
            return 0;
        }

        var nodeField = Slots.GetType().GetElementType()!.GetField("node", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!;
        var used = 0;
        foreach (var entry in (IEnumerable)Slots)
        {
            if (nodeField.GetValue(entry) is not null)
            {
                used++;
            }
        }

        return used;
    }

    /// <summary>Empties every slot (a cache: Roslyn treats a missing node as a miss and builds it again).</summary>
    public static void Clear()
    {
        if (Slots is not null)
        {
            Array.Clear(Slots);
        }
    }

    private static Array? Find() =>
        typeof(SyntaxNode).Assembly
            .GetType("Microsoft.CodeAnalysis.Syntax.InternalSyntax.SyntaxNodeCache")?
            .GetField("s_cache", BindingFlags.Static | BindingFlags.NonPublic)?
            .GetValue(null) as Array;
}
