using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MemDsl.Runtime;

/// <summary>
/// Reads a durable store file without a pipeline and without writing to it: what it holds
/// (<see cref="Inspect"/>) and whether it is sound (<see cref="Verify"/>: SQLite's
/// <c>PRAGMA integrity_check</c>, then every record's vector length, finiteness and checksum).
/// A file in use by a pipeline is locked and cannot be inspected until the pipeline is disposed.
/// </summary>
public static class DurableStoreInspector
{
    /// <summary>Counts, embedder, dimension and schema version of <paramref name="path"/>.</summary>
    /// <exception cref="DurableStoreException">The file is missing, empty, not a MemDsl store, damaged or locked.</exception>
    public static DurableStoreInfo Inspect(string path)
    {
        var fullPath = CheckPath(path);
        using var connection = Open(fullPath);
        try
        {
            return ReadInfo(fullPath, connection);
        }
        catch (SqliteException exception)
        {
            throw SqliteStoreFile.Translate(fullPath, exception, recordId: null);
        }
    }

    /// <summary>Checks the whole file; problems are returned, not thrown, so all of them are listed.</summary>
    /// <exception cref="DurableStoreException">The file cannot be read as a MemDsl store at all.</exception>
    public static DurableStoreVerification Verify(string path)
    {
        var fullPath = CheckPath(path);
        using var connection = Open(fullPath);
        DurableStoreInfo info;
        try
        {
            info = ReadInfo(fullPath, connection);
        }
        catch (SqliteException exception)
        {
            throw SqliteStoreFile.Translate(fullPath, exception, recordId: null);
        }

        var problems = new List<string>();
        try
        {
            using var integrity = connection.CreateCommand();
            integrity.CommandText = "PRAGMA integrity_check;";
            using var reader = integrity.ExecuteReader();
            while (reader.Read())
            {
                var line = reader.GetString(0);
                if (line != "ok")
                {
                    problems.Add("SQLite integrity check: " + line);
                }
            }
        }
        catch (SqliteException exception)
        {
            problems.Add($"SQLite integrity check failed: {exception.Message}");
        }

        long checkedCount = 0;
        long? last = null;
        var vector = new float[info.Dimensions];
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, key, text, ts_ticks, ts_offset_minutes, session, sources, last_access, vector, checksum FROM records ORDER BY id;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                last = reader.GetInt64(0);
                try
                {
                    SqliteStoreFile.ReadRecord(fullPath, reader, vector);
                    if (last >= info.NextId)
                    {
                        problems.Add($"record {last}: at or past the stored next id {info.NextId}");
                    }
                }
                catch (DurableStoreException exception)
                {
                    problems.Add($"record {last}: {exception.Message}");
                }
                catch (Exception exception) when (exception is InvalidCastException or FormatException or System.Text.Json.JsonException or OverflowException)
                {
                    problems.Add($"record {last}: unreadable field ({exception.Message})");
                }

                checkedCount++;
            }
        }
        catch (SqliteException exception)
        {
            problems.Add($"reading records after {(last is { } id ? "record " + id.ToString(CultureInfo.InvariantCulture) : "the start")} failed: {exception.Message}");
        }

        return new DurableStoreVerification(info, checkedCount, problems);
    }

    private static string CheckPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new DurableStoreException($"The store file '{fullPath}' does not exist.", fullPath);
        }

        if (new FileInfo(fullPath).Length == 0)
        {
            throw new DurableStoreException($"The store file '{fullPath}' is empty (0 bytes), so it holds no MemDsl store.", fullPath);
        }

        return fullPath;
    }

    private static SqliteConnection Open(string fullPath)
    {
        var connection = new SqliteConnection(SqliteStoreFile.ConnectionString(fullPath, SqliteOpenMode.ReadOnly));
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException exception)
        {
            connection.Dispose();
            throw SqliteStoreFile.Translate(fullPath, exception, recordId: null);
        }
    }

    private static DurableStoreInfo ReadInfo(string fullPath, SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        var meta = SqliteStoreFile.ReadMeta(connection);
        if (!meta.TryGetValue("format", out var format) || format != SqliteStoreFile.Format)
        {
            throw new DurableStoreException($"The store file '{fullPath}' is a SQLite database but not a MemDsl store (schema version {version}, no '{SqliteStoreFile.Format}' marker).", fullPath);
        }

        if (!int.TryParse(meta.GetValueOrDefault("dimensions"), NumberStyles.None, CultureInfo.InvariantCulture, out var dimensions) || dimensions < 1
            || !long.TryParse(meta.GetValueOrDefault("next_id"), NumberStyles.None, CultureInfo.InvariantCulture, out var nextId))
        {
            throw new DurableStoreException($"The store file '{fullPath}' is damaged: its dimension or next id is missing or not a number.", fullPath);
        }

        command.CommandText = "SELECT count(*) FROM records;";
        var count = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        return new DurableStoreInfo(fullPath, version, meta.GetValueOrDefault("embedder", "(missing)"), dimensions, count, nextId, new FileInfo(fullPath).Length);
    }
}
