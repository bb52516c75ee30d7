namespace MemDsl.Runtime;

/// <summary>
/// One record per session, keyed <c>session:{Session}</c>, holding every line of the session so far.
/// Stateful and not thread-safe: the pipeline serializes writes.
/// </summary>
public sealed class SessionEncoder
{
    /// <summary>The prefix of every session record key.</summary>
    public const string KeyPrefix = "session:";

    private readonly Dictionary<string, SessionLines> _sessions = new(StringComparer.Ordinal);

    /// <summary>Creates a session encoder.</summary>
    public SessionEncoder()
    {
    }

    /// <summary>Encodes one turn whose formatted text is <paramref name="line"/>; the result replaces the session's record.</summary>
    public EncodedRecord Encode(in Turn turn, string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var session = turn.Session ?? string.Empty;
        if (!_sessions.TryGetValue(session, out var lines))
        {
            lines = new SessionLines();
            _sessions.Add(session, lines);
        }

        lines.Ids.Add(turn.Id);
        if (lines.Text.Length > 0)
        {
            lines.Text.Append('\n');
        }

        lines.Text.Append(line);
        return new EncodedRecord(KeyPrefix + session, lines.Text.ToString(), turn.Timestamp, session, lines.Ids.ToArray());
    }

    private sealed class SessionLines
    {
        public readonly List<string> Ids = [];
        public readonly System.Text.StringBuilder Text = new();
    }
}
