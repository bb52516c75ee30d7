namespace MemDsl.Model;

/// <summary>Names the generator, analyzers and runtime agree on.</summary>
public static class KnownNames
{
    public const string AbstractionsNamespace = "MemDsl.Abstractions";
    public const string RuntimeNamespace = "MemDsl.Runtime";

    public const string MemoryArchitectureAttribute = AbstractionsNamespace + ".MemoryArchitectureAttribute";
    public const string SearchAttribute = AbstractionsNamespace + ".SearchAttribute";
    public const string EncodeWithAttribute = AbstractionsNamespace + ".EncodeWithAttribute";
    public const string ScoreWithAttribute = AbstractionsNamespace + ".ScoreWithAttribute";

    public const string TurnType = "global::" + AbstractionsNamespace + ".Turn";
    public const string MemoryHitType = "global::" + AbstractionsNamespace + ".MemoryHit";
    public const string QueryContextType = "global::" + AbstractionsNamespace + ".QueryContext";
    public const string StringType = "string";
    public const string FloatType = "float";
}
