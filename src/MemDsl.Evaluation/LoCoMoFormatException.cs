namespace MemDsl.Evaluation;

/// <summary>
/// A LoCoMo file that is not valid JSON or does not follow the schema. <see cref="Position"/> is
/// "line L, byte B" for JSON syntax errors and a JSON path (<c>$[1].qa[3].evidence</c>) for schema errors.
/// </summary>
public sealed class LoCoMoFormatException : Exception
{
    public LoCoMoFormatException(string file, string position, string reason, Exception? innerException = null)
        : base($"{file}: {position}: {reason}", innerException)
    {
        File = file;
        Position = position;
        Reason = reason;
    }

    public string File { get; }

    public string Position { get; }

    public string Reason { get; }
}
