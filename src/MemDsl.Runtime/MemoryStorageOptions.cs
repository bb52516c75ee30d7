namespace MemDsl.Runtime;

/// <summary>
/// Deployment configuration of a durable store (<c>Persistence = PersistenceKind.Sqlite</c>): where
/// the file is. Not part of the declaration, because the same architecture runs against different
/// files in tests, on a laptop and in production. A generated durable pipeline takes it as a
/// constructor argument (register it in DI); <see cref="InterpretedPipelineOptions.Storage"/> for
/// the interpreted one.
/// </summary>
public sealed class MemoryStorageOptions
{
    /// <summary>The SQLite file. A missing file is created; an existing one is opened and checked, never re-initialized.</summary>
    public string? Path { get; init; }

    /// <summary>The path, checked, as a full path.</summary>
    /// <exception cref="ArgumentException">No path was given.</exception>
    public static string ResolvePath(MemoryStorageOptions? options, string architectureName)
    {
        if (options is null || string.IsNullOrWhiteSpace(options.Path))
        {
            throw new ArgumentException(
                $"The architecture '{architectureName}' declares Persistence = PersistenceKind.Sqlite: supply MemoryStorageOptions with a Path (the SQLite file).",
                nameof(options));
        }

        return System.IO.Path.GetFullPath(options.Path);
    }
}
