namespace MemDsl.Model;

/// <summary>Keys of <see cref="SpecDiagnostic.Properties"/> read by code fixes.</summary>
public static class FixProperties
{
    /// <summary>C# text of the nearest legal value (MEMDSL0003).</summary>
    public const string ClampedValue = "ClampedValue";

    /// <summary>Index of the store stage to change (MEMDSL0004).</summary>
    public const string StoreStageIndex = "StoreStageIndex";

    /// <summary>C# text of the store kind that satisfies the requirement (MEMDSL0004).</summary>
    public const string ReplacementStore = "ReplacementStore";
}
