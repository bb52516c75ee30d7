namespace MemDsl.Evolution;

/// <summary>The source cannot be rewritten: no class carries [MemoryArchitecture], several do, or the named one is missing.</summary>
public sealed class DeclarationRewriterException : Exception
{
    public DeclarationRewriterException(string message)
        : base(message)
    {
    }
}
