using System.Text.Json;
using System.Text.Json.Serialization;
using MemDsl.Model;

namespace MemDsl.Evolution;

/// <summary>
/// What a search needs to go on after a kill: the seed, what it searches on, how many proposals it
/// had made when the last recorded candidate was proposed, the archive, and what shapes the
/// proposals (proposer, metric, parallelism). Proposal <c>p</c> draws only from
/// <see cref="EvolutionarySearch.ProposalRandom"/>(seed, p), so no generator state has to be stored.
/// </summary>
/// <param name="Version">The file format version (<see cref="CurrentVersion"/>).</param>
/// <param name="Seed">The search's seed.</param>
/// <param name="Dataset">A description of the search data.</param>
/// <param name="ProposalsMade">The proposal count right after the last entry's candidate was proposed.</param>
/// <param name="Entries">The archive, in id order.</param>
/// <param name="Metric">The quality axis; null in checkpoints written before it was recorded (recall@10).</param>
/// <param name="Proposer">The proposer's name; null in older checkpoints (evolutionary).</param>
/// <param name="Parallelism">Candidates evaluated at once; 0 in older checkpoints (1).</param>
/// <param name="Rejected">Proposer answers thrown away before they were benched, for slots up to the last entry.</param>
/// <param name="MaxContextTokens">The search's context token limit (<see cref="EvolutionOptions.MaxContextTokens"/>); null for none, as in older checkpoints.</param>
public sealed record Checkpoint(
    int Version,
    int Seed,
    string Dataset,
    int ProposalsMade,
    IReadOnlyList<ArchiveEntry> Entries,
    string? Metric = null,
    string? Proposer = null,
    int Parallelism = 0,
    IReadOnlyList<RejectedAnswer>? Rejected = null,
    double? MaxContextTokens = null)
{
    /// <summary><see cref="Metric"/>, defaulted for older checkpoints.</summary>
    [JsonIgnore]
    public string MetricName => Metric ?? QualityMetric.RecallAt10.Name;

    /// <summary><see cref="Proposer"/>, defaulted for older checkpoints.</summary>
    [JsonIgnore]
    public string ProposerName => Proposer ?? EvolutionaryProposer.ProposerName;

    /// <summary><see cref="Parallelism"/>, defaulted for older checkpoints.</summary>
    [JsonIgnore]
    public int EffectiveParallelism => Parallelism < 1 ? 1 : Parallelism;

    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Writes the checkpoint atomically: a temporary file beside it, flushed to disk, then renamed over it.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, this, JsonOptions);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Reads and checks a checkpoint; never changes the file.</summary>
    /// <exception cref="CheckpointException">The file is missing, truncated, garbled or inconsistent.</exception>
    public static Checkpoint Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(path, null, exception.Message, exception);
        }

        Checkpoint? checkpoint;
        try
        {
            checkpoint = JsonSerializer.Deserialize<Checkpoint>(bytes, JsonOptions);
        }
        catch (JsonException exception)
        {
            var position = exception.LineNumber is { } line
                ? $"line {line + 1}, byte {(exception.BytePositionInLine ?? 0) + 1}"
                : null;
            throw new CheckpointException(path, position, "not a complete checkpoint (truncated or garbled JSON): " + exception.Message, exception);
        }

        if (checkpoint is null)
        {
            throw new CheckpointException(path, null, "the file holds JSON null, not a checkpoint");
        }

        if (checkpoint.Version != CurrentVersion)
        {
            throw new CheckpointException(path, null, $"version {checkpoint.Version} is not the supported version {CurrentVersion}");
        }

        if (checkpoint.Entries is null || checkpoint.Dataset is null)
        {
            throw new CheckpointException(path, null, "the 'entries' or 'dataset' field is missing");
        }

        if (checkpoint.MaxContextTokens is { } limit && !(limit > 0 && double.IsFinite(limit)))
        {
            throw new CheckpointException(path, null, $"the context token limit {limit} is not a positive number");
        }

        if (checkpoint.ProposalsMade < checkpoint.Entries.Count)
        {
            throw new CheckpointException(path, null, $"{checkpoint.Entries.Count} entries but only {checkpoint.ProposalsMade} proposals made");
        }

        checkpoint.ToArchive(path);
        return checkpoint;
    }

    /// <summary>The archive the entries describe.</summary>
    public ParetoArchive ToArchive(string? path = null)
    {
        var archive = new ParetoArchive(MaxContextTokens);
        for (var i = 0; i < Entries.Count; i++)
        {
            var entry = Entries[i];
            try
            {
                if (entry is null || entry.SpecText is null || entry.Origin is null || entry.Parents is null)
                {
                    throw new ArgumentException("a field is missing");
                }

                archive.Add(entry);
            }
            catch (Exception exception) when (exception is ArgumentException or AttributeTextException)
            {
                throw new CheckpointException(path ?? "(in memory)", $"entry {i}", exception.Message, exception);
            }
        }

        return archive;
    }
}
