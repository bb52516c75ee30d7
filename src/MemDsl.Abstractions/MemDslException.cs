namespace MemDsl.Abstractions;

/// <summary>
/// The base of MemDsl's domain errors: something in a file or a declaration is wrong, as opposed to
/// a bad argument (<see cref="ArgumentException"/>). Carries the file (and line) when the input came from one.
/// </summary>
public class MemDslException : Exception
{
    /// <summary>Creates an error without a file.</summary>
    /// <param name="message">What is wrong and what to do about it.</param>
    public MemDslException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an error about a file.</summary>
    /// <param name="message">What is wrong and what to do about it; it should name the file.</param>
    /// <param name="filePath">The file the input came from.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public MemDslException(string message, string? filePath, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The file the input came from, if any.</summary>
    public string? FilePath { get; }

    /// <summary>The 1-based line in <see cref="FilePath"/>, when known.</summary>
    public int? Line { get; init; }
}
