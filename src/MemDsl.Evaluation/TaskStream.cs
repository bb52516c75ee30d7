namespace MemDsl.Evaluation;

/// <summary>
/// An ordered sequence of writes and queries run against one fresh pipeline (one LoCoMo conversation,
/// one synthetic stream).
/// </summary>
public sealed class TaskStream
{
    public TaskStream(string name, IReadOnlyList<StreamEvent> events)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(events);
        Name = name;
        Events = events;
        foreach (var item in events)
        {
            switch (item)
            {
                case WriteEvent:
                    WriteCount++;
                    break;
                case QueryEvent:
                    QueryCount++;
                    break;
                default:
                    throw new ArgumentException("Events must be WriteEvent or QueryEvent instances and not null.", nameof(events));
            }
        }
    }

    public string Name { get; }

    public IReadOnlyList<StreamEvent> Events { get; }

    public int WriteCount { get; }

    public int QueryCount { get; }
}
