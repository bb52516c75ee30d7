namespace MemDsl.Runtime;

/// <summary>One record per turn, keyed by the turn id. Not thread-safe (the pipeline serializes writes).</summary>
public sealed class TurnEncoder
{
    /// <summary>Creates a turn encoder.</summary>
    public TurnEncoder()
    {
    }

    /// <summary>Encodes one turn whose formatted text is <paramref name="line"/>.</summary>
    public EncodedRecord Encode(in Turn turn, string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new EncodedRecord(turn.Id, line, turn.Timestamp, turn.Session, [turn.Id]);
    }
}
