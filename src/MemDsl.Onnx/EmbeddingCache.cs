using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemDsl.Onnx;

/// <summary>
/// Embeddings on disk, keyed by (embedder id, model hash, text hash), so repeated runs never embed the
/// same text twice.
/// <para>
/// <b>Format.</b> One append-only file per (embedder id, model hash, dimensions) in the cache directory,
/// named after a hash of the three. A 128-byte header: magic <c>MEMDSLEC</c>, format version (u32),
/// dimensions (u32), SHA-256 of the model hash string, SHA-256 of the embedder id, zeros, CRC-32 of the
/// first 124 bytes. Then fixed-size records: magic <c>REC1</c>, SHA-256 of the text's UTF-16 code units,
/// the vector as little-endian float32, CRC-32 of everything before it in the record.
/// </para>
/// <para>
/// <b>Concurrency.</b> Every read and write of the file happens while holding an exclusive lock on
/// <c>{file}.lock</c> (an OS file lock, so it works across processes, and across instances in one
/// process); a writer appends whole records and the in-memory index picks up other writers' records on
/// <see cref="Refresh"/>. Lookups read the in-memory index without locking.
/// </para>
/// <para>
/// <b>Corruption.</b> On open and on every refresh the new bytes are validated: header fields and checksum,
/// whole records only, each record's magic and checksum, a file that shrank. The first failure is logged
/// as an error with the file and byte offset; then, per <see cref="EmbeddingCacheOptions.CorruptionPolicy"/>,
/// an <see cref="EmbeddingCacheCorruptedException"/> is thrown with the file left untouched (default), or the
/// file is renamed aside and an empty cache started. A record from a corrupt file is never returned.
/// </para>
/// </summary>
public sealed class EmbeddingCache : IDisposable
{
    /// <summary>Size of the file header in bytes.</summary>
    public const int HeaderSize = 128;

    private const int FormatVersion = 1;
    private const uint RecordMagic = 0x31434552; // "REC1" little-endian
    private const int HashSize = 32;
    private static readonly byte[] FileMagic = "MEMDSLEC"u8.ToArray();

    private readonly ConcurrentDictionary<TextKey, float[]> _index = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly EmbeddingCacheOptions _options;
    private readonly ILogger _logger;
    private readonly byte[] _header;
    private readonly string _lockPath;
    private FileStream? _stream;
    private long _knownLength;
    private long _hits;
    private long _misses;
    private bool _disposed;

    private EmbeddingCache(string filePath, int dimensions, byte[] header, EmbeddingCacheOptions options, ILogger logger)
    {
        FilePath = filePath;
        Dimensions = dimensions;
        RecordSize = 4 + HashSize + (4 * dimensions) + 4;
        _header = header;
        _options = options;
        _logger = logger;
        _lockPath = filePath + ".lock";
    }

    /// <summary>The cache file.</summary>
    public string FilePath { get; }

    /// <summary>The vector length.</summary>
    public int Dimensions { get; }

    /// <summary>Bytes per record.</summary>
    public int RecordSize { get; }

    /// <summary>Texts in the in-memory index.</summary>
    public int Count => _index.Count;

    /// <summary>Lookups that found a vector.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that found none.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Opens (creating when absent) the cache for one embedder and model in <paramref name="directory"/>.</summary>
    /// <param name="directory">The cache directory; created when absent.</param>
    /// <param name="embedderId">What produces the vectors, including every option that changes them.</param>
    /// <param name="modelHash">A hash of the model weights (for MiniLM, <see cref="MiniLMEmbedder.ModelSha256"/>).</param>
    /// <param name="dimensions">The vector length, 1 to 65536.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="logger">Receives corruption errors.</param>
    /// <exception cref="EmbeddingCacheCorruptedException">The file is corrupt and the policy is <see cref="CacheCorruptionPolicy.Throw"/>.</exception>
    public static EmbeddingCache Open(string directory, string embedderId, string modelHash, int dimensions, EmbeddingCacheOptions? options = null, ILogger<EmbeddingCache>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(embedderId);
        ArgumentException.ThrowIfNullOrEmpty(modelHash);
        if (dimensions is < 1 or > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "The dimension must be between 1 and 65536.");
        }

        options ??= new EmbeddingCacheOptions();
        options.Validate();
        Directory.CreateDirectory(directory);

        var keyText = string.Create(CultureInfo.InvariantCulture, $"{embedderId}\n{modelHash}\n{dimensions}");
        var keyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keyText)).AsSpan(0, 8));
        var fileName = $"{Sanitize(embedderId)}-{keyHash}.embcache";
        var header = BuildHeader(embedderId, modelHash, dimensions);
        var cache = new EmbeddingCache(Path.Combine(directory, fileName), dimensions, header, options, logger ?? (ILogger)NullLogger.Instance);
        try
        {
            cache.Load();
        }
        catch
        {
            cache.Dispose();
            throw;
        }

        return cache;
    }

    /// <summary>Copies the cached vector of <paramref name="text"/> into <paramref name="destination"/>; counts a hit or a miss.</summary>
    public bool TryGet(string text, Span<float> destination)
    {
        var found = TryGetUncounted(text, destination);
        Interlocked.Increment(ref found ? ref _hits : ref _misses);
        return found;
    }

    /// <summary>Reads records other writers (threads, processes) appended since the last read.</summary>
    /// <exception cref="EmbeddingCacheCorruptedException">The new bytes are corrupt and the policy is <see cref="CacheCorruptionPolicy.Throw"/>.</exception>
    public void Refresh()
    {
        using var scope = Lock();
        ReadNewRecords();
    }

    /// <summary>Appends the vectors of texts not already cached (by this or another writer).</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="vectors">Their vectors, <see cref="Dimensions"/> floats each.</param>
    public void AddRange(IReadOnlyList<string> texts, IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(vectors);
        if (texts.Count != vectors.Count)
        {
            throw new ArgumentException($"There are {texts.Count} texts but {vectors.Count} vectors.", nameof(vectors));
        }

        for (var i = 0; i < vectors.Count; i++)
        {
            if (vectors[i].Length != Dimensions)
            {
                throw new ArgumentException($"Vector {i} has {vectors[i].Length} floats; the cache holds {Dimensions}.", nameof(vectors));
            }
        }

        using var scope = Lock();
        ReadNewRecords();
        var buffer = ArrayPool<byte>.Shared.Rent(RecordSize * Math.Max(1, texts.Count));
        try
        {
            var pending = new List<(TextKey Key, float[] Vector)>(texts.Count);
            var seen = new HashSet<TextKey>(texts.Count);
            var used = 0;
            for (var i = 0; i < texts.Count; i++)
            {
                var key = TextKey.Of(texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts)));
                if (_index.ContainsKey(key) || !seen.Add(key))
                {
                    continue;
                }

                var vector = vectors[i].ToArray();
                WriteRecord(buffer.AsSpan(used, RecordSize), key, vector);
                pending.Add((key, vector));
                used += RecordSize;
            }

            if (used == 0)
            {
                return;
            }

            var stream = _stream!;
            stream.Seek(_knownLength, SeekOrigin.Begin);
            stream.Write(buffer, 0, used);
            stream.Flush(flushToDisk: false);
            _knownLength += used;
            foreach (var (key, vector) in pending)
            {
                _index[key] = vector;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stream?.Dispose();
        _stream = null;
        _gate.Dispose();
    }

    internal bool TryGetUncounted(string text, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (destination.Length != Dimensions)
        {
            throw new ArgumentException($"The destination must hold exactly {Dimensions} floats (it holds {destination.Length}).", nameof(destination));
        }

        if (_index.TryGetValue(TextKey.Of(text), out var vector))
        {
            vector.CopyTo(destination);
            return true;
        }

        return false;
    }

    internal void CountLookups(int hits, int misses)
    {
        Interlocked.Add(ref _hits, hits);
        Interlocked.Add(ref _misses, misses);
    }

    private static string Sanitize(string id)
    {
        var builder = new StringBuilder(Math.Min(id.Length, 60));
        foreach (var c in id.AsSpan(0, Math.Min(id.Length, 60)))
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        return builder.ToString();
    }

    private static byte[] BuildHeader(string embedderId, string modelHash, int dimensions)
    {
        var header = new byte[HeaderSize];
        FileMagic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), dimensions);
        SHA256.HashData(Encoding.UTF8.GetBytes(modelHash), header.AsSpan(16, HashSize));
        SHA256.HashData(Encoding.UTF8.GetBytes(embedderId), header.AsSpan(48, HashSize));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(124), Crc32.HashToUInt32(header.AsSpan(0, 124)));
        return header;
    }

    private void Load()
    {
        using var scope = Lock();
        OpenOrCreateFile();
        if (ValidateHeader())
        {
            ReadNewRecords();
        }

        OnnxLog.CacheOpened(_logger, FilePath, _index.Count);
    }

    private void OpenOrCreateFile()
    {
        if (!File.Exists(FilePath))
        {
            // Header written to a temporary file and renamed, so the cache file never exists half-made.
            var temporary = $"{FilePath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temporary, _header);
            try
            {
                File.Move(temporary, FilePath, overwrite: false);
            }
            catch (IOException) when (File.Exists(FilePath))
            {
                File.Delete(temporary);
            }
        }

        _stream = new FileStream(FilePath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.RandomAccess);
        _knownLength = HeaderSize;
    }

    // False when the file was corrupt and has been replaced by an empty one (the caller need not read on).
    private bool ValidateHeader()
    {
        var stream = _stream!;
        Span<byte> header = stackalloc byte[HeaderSize];
        if (stream.Length < HeaderSize)
        {
            return Corrupt(stream.Length, $"the file has {stream.Length} bytes, shorter than the {HeaderSize}-byte header.");
        }

        stream.Seek(0, SeekOrigin.Begin);
        stream.ReadExactly(header);
        if (!header[..8].SequenceEqual(FileMagic))
        {
            return Corrupt(0, "the header does not start with MEMDSLEC.");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header[124..]) != Crc32.HashToUInt32(header[..124]))
        {
            return Corrupt(124, "the header checksum does not match.");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (version != FormatVersion)
        {
            return Corrupt(8, $"format version {version}, expected {FormatVersion}.");
        }

        var dimensions = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        if (dimensions != Dimensions)
        {
            return Corrupt(12, $"the header says {dimensions}-dimensional vectors, expected {Dimensions}.");
        }

        if (!header[16..48].SequenceEqual(_header.AsSpan(16, HashSize)))
        {
            return Corrupt(16, "the header is for a different model hash.");
        }

        if (!header[48..80].SequenceEqual(_header.AsSpan(48, HashSize)))
        {
            return Corrupt(48, "the header is for a different embedder id.");
        }

        return true;
    }

    private void ReadNewRecords()
    {
        var stream = _stream ?? throw new InvalidOperationException($"Embedding cache '{FilePath}' was closed after its file was found corrupt.");
        var length = stream.Length;
        if (length < _knownLength)
        {
            Corrupt(length, $"the file shrank from {_knownLength} to {length} bytes.");
            return;
        }

        if ((length - HeaderSize) % RecordSize != 0)
        {
            var partialAt = length - ((length - HeaderSize) % RecordSize);
            Corrupt(partialAt, $"the last record is truncated ({length - partialAt} of {RecordSize} bytes).");
            return;
        }

        if (length == _knownLength)
        {
            return;
        }

        const int RecordsPerRead = 256;
        var buffer = ArrayPool<byte>.Shared.Rent(RecordSize * RecordsPerRead);
        var read = new List<(TextKey Key, float[] Vector)>();
        try
        {
            stream.Seek(_knownLength, SeekOrigin.Begin);
            var offset = _knownLength;
            while (offset < length)
            {
                var chunk = (int)Math.Min(RecordSize * (long)RecordsPerRead, length - offset);
                stream.ReadExactly(buffer, 0, chunk);
                for (var at = 0; at < chunk; at += RecordSize)
                {
                    var record = buffer.AsSpan(at, RecordSize);
                    if (!TryReadRecord(record, out var key, out var vector, out var reason))
                    {
                        Corrupt(offset + at, reason);
                        return;
                    }

                    read.Add((key, vector));
                }

                offset += chunk;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        // Only a fully valid tail is published: a corrupt record anywhere keeps every new record out.
        foreach (var (key, vector) in read)
        {
            _index[key] = vector;
        }

        _knownLength = length;
    }

    private bool TryReadRecord(ReadOnlySpan<byte> record, out TextKey key, out float[] vector, out string reason)
    {
        key = default;
        vector = [];
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != RecordMagic)
        {
            reason = "a record does not start with REC1.";
            return false;
        }

        var body = record[..^4];
        if (BinaryPrimitives.ReadUInt32LittleEndian(record[^4..]) != Crc32.HashToUInt32(body))
        {
            reason = "a record's checksum does not match.";
            return false;
        }

        key = TextKey.Read(record.Slice(4, HashSize));
        vector = new float[Dimensions];
        var floats = record.Slice(4 + HashSize, 4 * Dimensions);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(floats).CopyTo(vector);
        }
        else
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] = BinaryPrimitives.ReadSingleLittleEndian(floats[(4 * i)..]);
            }
        }

        reason = string.Empty;
        return true;
    }

    private void WriteRecord(Span<byte> record, TextKey key, ReadOnlySpan<float> vector)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(record, RecordMagic);
        key.Write(record.Slice(4, HashSize));
        var floats = record.Slice(4 + HashSize, 4 * Dimensions);
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(floats[(4 * i)..], vector[i]);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(record[^4..], Crc32.HashToUInt32(record[..^4]));
    }

    // Logs, then throws (file untouched) or moves the file aside and starts empty. Returns false.
    private bool Corrupt(long offset, string reason)
    {
        OnnxLog.CacheCorrupt(_logger, FilePath, offset, reason);
        if (_options.CorruptionPolicy == CacheCorruptionPolicy.Throw)
        {
            _stream?.Dispose();
            _stream = null;
            throw new EmbeddingCacheCorruptedException(FilePath, offset, reason);
        }

        _stream?.Dispose();
        _stream = null;
        var aside = string.Create(CultureInfo.InvariantCulture, $"{FilePath}.corrupt-{DateTime.UtcNow:yyyyMMddTHHmmssfffZ}-{Guid.NewGuid():N}");
        File.Move(FilePath, aside, overwrite: false);
        OnnxLog.CacheMovedAside(_logger, FilePath, aside);
        _index.Clear();
        OpenOrCreateFile();
        return false;
    }

    private LockScope Lock()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_gate.Wait(_options.LockTimeout))
        {
            throw new TimeoutException($"Timed out after {_options.LockTimeout} waiting for another thread using embedding cache '{FilePath}'.");
        }

        try
        {
            var deadline = DateTime.UtcNow + _options.LockTimeout;
            var delay = 1;
            while (true)
            {
                try
                {
                    // FileShare.None takes an exclusive OS lock (flock on Unix), honoured by other processes.
                    var lockFile = new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                    return new LockScope(this, lockFile);
                }
                catch (IOException) when (DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(delay);
                    delay = Math.Min(delay * 2, 50);
                }
                catch (IOException exception)
                {
                    throw new TimeoutException($"Timed out after {_options.LockTimeout} waiting for another process's lock on '{_lockPath}'.", exception);
                }
            }
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    private readonly struct LockScope(EmbeddingCache owner, FileStream lockFile) : IDisposable
    {
        public void Dispose()
        {
            lockFile.Dispose();
            owner._gate.Release();
        }
    }

    private readonly record struct TextKey(ulong A, ulong B, ulong C, ulong D)
    {
        // SHA-256 of the UTF-16 code units: exact for any string, lone surrogates included (UTF-8 would
        // map different lone surrogates to the same replacement character).
        public static TextKey Of(string text)
        {
            Span<byte> hash = stackalloc byte[HashSize];
            SHA256.HashData(MemoryMarshal.AsBytes(text.AsSpan()), hash);
            return Read(hash);
        }

        public static TextKey Read(ReadOnlySpan<byte> hash) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(hash),
            BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(hash[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(hash[24..]));

        public void Write(Span<byte> hash)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(hash, A);
            BinaryPrimitives.WriteUInt64LittleEndian(hash[8..], B);
            BinaryPrimitives.WriteUInt64LittleEndian(hash[16..], C);
            BinaryPrimitives.WriteUInt64LittleEndian(hash[24..], D);
        }
    }
}
