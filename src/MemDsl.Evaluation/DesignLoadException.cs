namespace MemDsl.Evaluation;

/// <summary>
/// A declaration that cannot be benched: unreadable file, attribute text that does not parse (with
/// the offset), or a spec that fails validation (with every error).
/// </summary>
public sealed class DesignLoadException : Exception
{
    public DesignLoadException(string source, string message, IReadOnlyList<string>? problems = null, Exception? innerException = null)
        : base(source + ": " + message, innerException)
    {
        Source = source;
        Problems = problems ?? [];
    }

    /// <summary>The file or name the declaration came from.</summary>
    public new string Source { get; }

    /// <summary>Each validation error, one per line, when the spec parsed but is invalid.</summary>
    public IReadOnlyList<string> Problems { get; }
}
