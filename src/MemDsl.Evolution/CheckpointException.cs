namespace MemDsl.Evolution;

/// <summary>A checkpoint that cannot be read back: truncated, garbled or from another search. The file is left as it is.</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string file, string? position, string reason, Exception? innerException = null)
        : base($"checkpoint {file}{(position is null ? string.Empty : " at " + position)}: {reason}", innerException)
    {
        File = file;
        Position = position;
        Reason = reason;
    }

    public string File { get; }

    /// <summary>"line 3, byte 17" or "entry 4" when known.</summary>
    public string? Position { get; }

    public string Reason { get; }
}
