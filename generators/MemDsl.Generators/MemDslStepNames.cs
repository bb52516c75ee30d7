namespace MemDsl.Generators;

/// <summary>
/// Tracking names of the generator's incremental steps, used by <c>WithTrackingName</c> and by the
/// incrementality tests that assert each step is cached after unrelated edits.
/// </summary>
public static class MemDslStepNames
{
    /// <summary>The <c>[MemoryArchitecture]</c> classes read into specs (null where nothing could be read).</summary>
    public const string Declarations = "MemDsl.Declarations";

    /// <summary>The specs the generator emits from: complete and valid ones only.</summary>
    public const string EmittableSpecs = "MemDsl.EmittableSpecs";
}
