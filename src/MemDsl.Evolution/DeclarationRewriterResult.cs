namespace MemDsl.Evolution;

/// <summary>What <see cref="DeclarationRewriter.ApplyToFile"/> did to one file.</summary>
/// <param name="Path">The rewritten file.</param>
/// <param name="ClassName">The class whose declaration was rewritten.</param>
/// <param name="Before">The source before.</param>
/// <param name="After">The source after (equal to <paramref name="Before"/> when nothing changed).</param>
/// <param name="BackupPath">The .bak copy of the original, when one was asked for and written.</param>
public sealed record DeclarationRewriterResult(string Path, string ClassName, string Before, string After, string? BackupPath)
{
    public bool Changed => !string.Equals(Before, After, StringComparison.Ordinal);
}
