namespace MemDsl.Runtime;

/// <summary>
/// One record per turn holding it and up to <c>size - 1</c> turns before it in the same session,
/// oldest first. Stateful and not thread-safe: the pipeline serializes writes.
/// </summary>
public sealed class WindowEncoder
{
    private readonly int _size;

    // Per session, a ring of the last `size` (id, line) pairs. Sessions interleave freely.
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Creates a window encoder.</summary>
    /// <param name="size">Turns per record, at least 1.</param>
    public WindowEncoder(int size)
    {
        if (size < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The window size must be at least 1.");
        }

        _size = size;
    }

    /// <summary>Turns per record.</summary>
    public int Size => _size;

    /// <summary>Encodes one turn whose formatted text is <paramref name="line"/>.</summary>
    public EncodedRecord Encode(in Turn turn, string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var session = turn.Session ?? string.Empty;
        if (!_windows.TryGetValue(session, out var window))
        {
            window = new Window(_size);
            _windows.Add(session, window);
        }

        window.Push(turn.Id, line);
        var count = window.Count;
        var ids = new string[count];
        var lines = new string[count];
        for (var i = 0; i < count; i++)
        {
            var index = (window.Start + i) % _size;
            ids[i] = window.Ids[index];
            lines[i] = window.Lines[index];
        }

        return new EncodedRecord(turn.Id, string.Join('\n', lines), turn.Timestamp, session, ids);
    }

    private sealed class Window(int size)
    {
        public readonly string[] Ids = new string[size];
        public readonly string[] Lines = new string[size];
        public int Start;
        public int Count;

        public void Push(string id, string line)
        {
            var size = Ids.Length;
            if (Count < size)
            {
                var index = (Start + Count) % size;
                Ids[index] = id;
                Lines[index] = line;
                Count++;
            }
            else
            {
                // Full: overwrite the oldest and advance the start.
                Ids[Start] = id;
                Lines[Start] = line;
                Start = (Start + 1) % size;
            }
        }
    }
}
