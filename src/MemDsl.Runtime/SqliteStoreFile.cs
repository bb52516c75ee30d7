using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace MemDsl.Runtime;

/// <summary>
/// The SQLite file behind a durable <see cref="MemoryStore"/>. Schema (version
/// <see cref="SchemaVersion"/> in <c>PRAGMA user_version</c>): a <c>meta</c> table (format, embedder,
/// dimensions, next id) and a <c>records</c> table (id, key, text, timestamp, session, source turn
/// ids as JSON, last-access tick, vector as little-endian float32, and an XxHash64 checksum of
/// everything but the tick). WAL journal, <c>synchronous=FULL</c> (each commit fsyncs the WAL, so a
/// completed write survives power loss, not just a process crash), exclusive locking (one pipeline
/// per file). Parameterized SQL only.
/// </summary>
internal sealed class SqliteStoreFile : IDisposable
{
    /// <summary>The schema this build writes and the newest it reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The <c>meta.format</c> value that marks a MemDsl store.</summary>
    public const string Format = "MemDsl.DurableStore";

    private const string RecordColumns = "id, key, text, ts_ticks, ts_offset_minutes, session, sources, last_access, vector, checksum";

    private readonly SqliteConnection _connection;
    private readonly int _dimensions;
    private SqliteTransaction? _transaction;
    private SqliteCommand? _upsert;
    private SqliteCommand? _delete;
    private SqliteCommand? _touch;
    private SqliteCommand? _setNextId;

    private SqliteStoreFile(string path, SqliteConnection connection, int dimensions)
    {
        FilePath = path;
        _connection = connection;
        _dimensions = dimensions;
    }

    /// <summary>The full path of the file.</summary>
    public string FilePath { get; }

    /// <summary>True after a failed write: the memory and the file may differ, so no further write is accepted.</summary>
    public bool IsFaulted { get; private set; }

    /// <summary>The next id stored in the file when it was opened.</summary>
    public long StoredNextId { get; private set; }

    /// <summary>
    /// Opens <paramref name="path"/> (creating it when missing), checks it and hands every record to
    /// <paramref name="restore"/> in id order. Throws <see cref="DurableStoreException"/> without
    /// modifying the file when it is damaged, newer, locked or of another embedder or dimension.
    /// </summary>
    public static SqliteStoreFile Open(string path, string embedder, int dimensions, Action<MemoryRecord, ReadOnlySpan<float>, long> restore)
    {
        if (!File.Exists(path))
        {
            Create(path, embedder, dimensions);
        }
        else if (new FileInfo(path).Length == 0)
        {
            throw new DurableStoreException($"The store file '{path}' is empty (0 bytes), so it holds no MemDsl store; it was not modified. Delete it to start a new store, or restore it from a backup.", path);
        }

        var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadWrite));
        var file = new SqliteStoreFile(path, connection, dimensions);
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA locking_mode=EXCLUSIVE;");
            file.CheckHeader(embedder);
            file.Load(restore);

            // Only now, with the file known good, may anything be written to it.
            if (!string.Equals(Scalar(connection, "PRAGMA journal_mode;") as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                Execute(connection, "PRAGMA journal_mode=WAL;");
            }

            Execute(connection, "PRAGMA synchronous=FULL;");

            // Takes and keeps the write lock, so a second pipeline on the same file fails here, not mid-write.
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                transaction.Commit();
            }

            file.PrepareCommands();
            return file;
        }
        catch (SqliteException exception)
        {
            connection.Dispose();
            throw Translate(path, exception, recordId: null);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The connection string the store and the inspector use: no pooling, so closing closes the file.</summary>
    internal static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Pooling = false,
    }.ToString();

    /// <summary>The checksum of a record's content (everything but the last-access tick).</summary>
    internal static long Checksum(long id, string key, string text, long ticks, int offsetMinutes, string session, string sources, ReadOnlySpan<byte> vector)
    {
        var hash = new XxHash64();
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(number, id);
        hash.Append(number);
        BinaryPrimitives.WriteInt64LittleEndian(number, ticks);
        hash.Append(number);
        BinaryPrimitives.WriteInt64LittleEndian(number, offsetMinutes);
        hash.Append(number);
        AppendString(ref hash, key);
        AppendString(ref hash, text);
        AppendString(ref hash, session);
        AppendString(ref hash, sources);
        BinaryPrimitives.WriteInt64LittleEndian(number, vector.Length);
        hash.Append(number);
        hash.Append(vector);
        return (long)hash.GetCurrentHashAsUInt64();
    }

    /// <summary>Turns a SQLite error into a <see cref="DurableStoreException"/> that names the file (and record).</summary>
    internal static DurableStoreException Translate(string path, SqliteException exception, long? recordId)
    {
        var where = recordId is { } id ? $" at record {id}" : string.Empty;
        var message = exception.SqliteErrorCode switch
        {
            5 or 6 => $"The store file '{path}' is open in another pipeline or process (SQLite: {exception.Message}); a durable store has one writer.",
            11 or 26 => $"The store file '{path}' is damaged or is not a SQLite database{where} (SQLite: {exception.Message}); it was not modified. Restore it from a backup.",
            _ => $"The store file '{path}' could not be read or written{where} (SQLite error {exception.SqliteErrorCode}: {exception.Message}).",
        };
        return new DurableStoreException(message, path, recordId, exception);
    }

    public void Upsert(MemoryRecord record, ReadOnlySpan<float> vector, long lastAccess)
    {
        var sources = JsonSerializer.Serialize(record.SourceTurnIds);
        var bytes = MemoryMarshal.AsBytes(vector).ToArray();
        var ticks = record.Timestamp.UtcTicks;
        var offset = (int)record.Timestamp.Offset.TotalMinutes;
        var command = Begin(_upsert!);
        var p = command.Parameters;
        p[0].Value = record.Id;
        p[1].Value = record.Key;
        p[2].Value = record.Text;
        p[3].Value = ticks;
        p[4].Value = offset;
        p[5].Value = record.Session;
        p[6].Value = sources;
        p[7].Value = lastAccess;
        p[8].Value = bytes;
        p[9].Value = Checksum(record.Id, record.Key, record.Text, ticks, offset, record.Session, sources, bytes);
        Run(command, record.Id);
    }

    public void Delete(long id)
    {
        var command = Begin(_delete!);
        command.Parameters[0].Value = id;
        Run(command, id);
    }

    public void Touch(long id, long lastAccess)
    {
        var command = Begin(_touch!);
        command.Parameters[0].Value = lastAccess;
        command.Parameters[1].Value = id;
        Run(command, id);
    }

    public void SetNextId(long nextId)
    {
        var command = Begin(_setNextId!);
        command.Parameters[0].Value = nextId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Run(command, null);
    }

    /// <summary>Commits what this write changed; returns once the WAL is fsynced.</summary>
    public void Commit()
    {
        if (_transaction is null)
        {
            return;
        }

        try
        {
            _transaction.Commit();
        }
        catch (SqliteException exception)
        {
            IsFaulted = true;
            throw Fault(exception, null);
        }
        finally
        {
            _transaction.Dispose();
            _transaction = null;
        }
    }

    public void Dispose()
    {
        _transaction?.Dispose();
        _transaction = null;
        _upsert?.Dispose();
        _delete?.Dispose();
        _touch?.Dispose();
        _setNextId?.Dispose();
        _connection.Dispose();
    }

    private static void Create(string path, string embedder, int dimensions)
    {
        // Built beside the target and renamed into place, so a crash mid-creation never leaves a
        // half-initialized file under the store's name (which the next open would refuse).
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var staging = path + ".creating";
        DeleteStaging(staging);
        using (var connection = new SqliteConnection(ConnectionString(staging, SqliteOpenMode.ReadWriteCreate)))
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "PRAGMA synchronous=FULL;");
            using var transaction = connection.BeginTransaction();
            Execute(connection, "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;", transaction);
            Execute(connection, "CREATE TABLE records (id INTEGER PRIMARY KEY NOT NULL, key TEXT NOT NULL UNIQUE, text TEXT NOT NULL, ts_ticks INTEGER NOT NULL, ts_offset_minutes INTEGER NOT NULL, session TEXT NOT NULL, sources TEXT NOT NULL, last_access INTEGER NOT NULL, vector BLOB NOT NULL, checksum INTEGER NOT NULL) STRICT;", transaction);
            using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO meta (key, value) VALUES ($key, $value);";
                var key = insert.Parameters.Add("$key", SqliteType.Text);
                var value = insert.Parameters.Add("$value", SqliteType.Text);
                foreach (var (k, v) in new[] { ("format", Format), ("embedder", embedder), ("dimensions", dimensions.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("next_id", "0") })
                {
                    key.Value = k;
                    value.Value = v;
                    insert.ExecuteNonQuery();
                }
            }

            Execute(connection, "PRAGMA user_version=" + SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";", transaction);
            transaction.Commit();
        }

        try
        {
            File.Move(staging, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created the store first; open theirs.
            DeleteStaging(staging);
        }
    }

    private static void DeleteStaging(string staging)
    {
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm", "-journal" })
        {
            File.Delete(staging + suffix);
        }
    }

    private static void AppendString(ref XxHash64 hash, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var buffer = ArrayPool<byte>.Shared.Rent(length + 8);
        try
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer, length);
            Encoding.UTF8.GetBytes(value, 0, value.Length, buffer, 8);
            hash.Append(buffer.AsSpan(0, length + 8));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private void CheckHeader(string embedder)
    {
        var version = Convert.ToInt64(Scalar(_connection, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new DurableStoreException($"The store file '{FilePath}' has schema version {version}, newer than this MemDsl reads (schema version {SchemaVersion}); it was not modified. Open it with a newer MemDsl.", FilePath);
        }

        var meta = ReadMeta(_connection);
        if (version < 1 || !meta.TryGetValue("format", out var format) || format != Format)
        {
            throw new DurableStoreException($"The store file '{FilePath}' is a SQLite database but not a MemDsl store (schema version {version}, no '{Format}' marker); it was not modified.", FilePath);
        }

        var storedEmbedder = meta.GetValueOrDefault("embedder", "(missing)");
        var storedDimensions = meta.GetValueOrDefault("dimensions", "(missing)");
        var dimensions = _dimensions.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (storedEmbedder != embedder || storedDimensions != dimensions)
        {
            throw new DurableStoreException(
                $"The store file '{FilePath}' holds vectors of embedder '{storedEmbedder}' with {storedDimensions} dimensions, but the declaration embeds with '{embedder}' at {dimensions} dimensions; it was not modified. Use another file, or the declaration that wrote this one.",
                FilePath);
        }

        if (!long.TryParse(meta.GetValueOrDefault("next_id"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var nextId))
        {
            throw new DurableStoreException($"The store file '{FilePath}' is damaged: its next record id is missing or not a number; it was not modified.", FilePath);
        }

        StoredNextId = nextId;
    }

    internal static Dictionary<string, string> ReadMeta(SqliteConnection connection)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta';";
        if (command.ExecuteScalar() is null)
        {
            return meta;
        }

        command.CommandText = "SELECT key, value FROM meta;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            meta[reader.GetString(0)] = reader.IsDBNull(1) ? string.Empty : reader.GetString(1);
        }

        return meta;
    }

    private void Load(Action<MemoryRecord, ReadOnlySpan<float>, long> restore)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT " + RecordColumns + " FROM records ORDER BY id;";
        var vector = new float[_dimensions];
        long? last = null;
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                last = id;
                var (record, lastAccess) = ReadRecord(FilePath, reader, vector);
                if (id >= StoredNextId)
                {
                    throw new DurableStoreException($"The store file '{FilePath}' is damaged: record {id} is at or past the stored next id {StoredNextId}; it was not modified.", FilePath, id);
                }

                restore(record, vector, lastAccess);
            }
        }
        catch (SqliteException exception)
        {
            throw Translate(FilePath, exception, last is { } id ? id + 1 : null);
        }
        catch (Exception exception) when (exception is InvalidCastException or FormatException or JsonException or OverflowException)
        {
            throw new DurableStoreException($"The store file '{FilePath}' is damaged after record {last?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}: {exception.Message}; it was not modified.", FilePath, last, exception);
        }
    }

    /// <summary>Reads and checks one row (columns in <see cref="RecordColumns"/> order) into <paramref name="vector"/>.</summary>
    internal static (MemoryRecord Record, long LastAccess) ReadRecord(string path, SqliteDataReader reader, float[] vector)
    {
        var id = reader.GetInt64(0);
        var key = reader.GetString(1);
        var text = reader.GetString(2);
        var ticks = reader.GetInt64(3);
        var offset = reader.GetInt32(4);
        var session = reader.GetString(5);
        var sources = reader.GetString(6);
        var lastAccess = reader.GetInt64(7);
        var bytes = (byte[])reader.GetValue(8);
        var checksum = reader.GetInt64(9);
        if (bytes.Length != vector.Length * sizeof(float))
        {
            throw new DurableStoreException($"The store file '{path}' is damaged: record {id} has a vector of {bytes.Length} bytes; {vector.Length} dimensions need {vector.Length * sizeof(float)}.", path, id);
        }

        if (Checksum(id, key, text, ticks, offset, session, sources, bytes) != checksum)
        {
            throw new DurableStoreException($"The store file '{path}' is damaged: record {id} does not match its checksum (its text, metadata or vector changed on disk).", path, id);
        }

        MemoryMarshal.Cast<byte, float>(bytes).CopyTo(vector);
        for (var i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new DurableStoreException($"The store file '{path}' is damaged: element {i} of record {id}'s vector is {vector[i]}.", path, id);
            }
        }

        var sourceIds = JsonSerializer.Deserialize<string[]>(sources) ?? throw new FormatException($"record {id} has no source turn ids");
        var timestamp = new DateTimeOffset(ticks + (offset * TimeSpan.TicksPerMinute), TimeSpan.FromMinutes(offset));
        return (new MemoryRecord(id, key, text, timestamp, session, sourceIds), lastAccess);
    }

    private void PrepareCommands()
    {
        _upsert = _connection.CreateCommand();
        _upsert.CommandText = "INSERT OR REPLACE INTO records (" + RecordColumns + ") VALUES ($id, $key, $text, $ticks, $offset, $session, $sources, $last, $vector, $checksum);";
        _upsert.Parameters.Add("$id", SqliteType.Integer);
        _upsert.Parameters.Add("$key", SqliteType.Text);
        _upsert.Parameters.Add("$text", SqliteType.Text);
        _upsert.Parameters.Add("$ticks", SqliteType.Integer);
        _upsert.Parameters.Add("$offset", SqliteType.Integer);
        _upsert.Parameters.Add("$session", SqliteType.Text);
        _upsert.Parameters.Add("$sources", SqliteType.Text);
        _upsert.Parameters.Add("$last", SqliteType.Integer);
        _upsert.Parameters.Add("$vector", SqliteType.Blob);
        _upsert.Parameters.Add("$checksum", SqliteType.Integer);

        _delete = _connection.CreateCommand();
        _delete.CommandText = "DELETE FROM records WHERE id = $id;";
        _delete.Parameters.Add("$id", SqliteType.Integer);

        _touch = _connection.CreateCommand();
        _touch.CommandText = "UPDATE records SET last_access = $last WHERE id = $id;";
        _touch.Parameters.Add("$last", SqliteType.Integer);
        _touch.Parameters.Add("$id", SqliteType.Integer);

        _setNextId = _connection.CreateCommand();
        _setNextId.CommandText = "UPDATE meta SET value = $value WHERE key = 'next_id';";
        _setNextId.Parameters.Add("$value", SqliteType.Text);
    }

    private SqliteCommand Begin(SqliteCommand command)
    {
        if (IsFaulted)
        {
            throw new DurableStoreException($"An earlier write to the store file '{FilePath}' failed, so this pipeline accepts no more writes (its memory and the file may differ); dispose it and open the file again.", FilePath);
        }

        _transaction ??= _connection.BeginTransaction();
        command.Transaction = _transaction;
        return command;
    }

    private void Run(SqliteCommand command, long? recordId)
    {
        try
        {
            command.ExecuteNonQuery();
        }
        catch (SqliteException exception)
        {
            IsFaulted = true;
            try
            {
                _transaction?.Rollback();
            }
            catch (SqliteException)
            {
                // The original error is the one to report.
            }

            _transaction?.Dispose();
            _transaction = null;
            throw Fault(exception, recordId);
        }
    }

    private DurableStoreException Fault(SqliteException exception, long? recordId) =>
        new($"Writing to the store file '{FilePath}' failed{(recordId is { } id ? $" at record {id}" : string.Empty)} (SQLite error {exception.SqliteErrorCode}: {exception.Message}); this pipeline accepts no more writes. Dispose it and open the file again.", FilePath, recordId, exception);
}
