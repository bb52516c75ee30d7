using System.Text.Json;
using System.Text.Json.Serialization;

namespace MemDsl.Evaluation;

/// <summary>The typed result of a benchmark run; <see cref="ToJson"/> gives results.json.</summary>
public sealed record BenchmarkReport(int MaxK, IReadOnlyList<DatasetSummary> Datasets, IReadOnlyList<RunResult> Runs)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The runs ordered for a leaderboard: by dataset (as given), then recall@MaxK descending, then name.</summary>
    public IReadOnlyList<RunResult> Leaderboard()
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Datasets.Count; i++)
        {
            order[Datasets[i].Name] = i;
        }

        return Runs
            .OrderBy(run => order.GetValueOrDefault(run.Dataset, int.MaxValue))
            .ThenByDescending(run => Math.Round(run.Overall.RecallAt(MaxK), 6))
            .ThenBy(run => run.Design, StringComparer.Ordinal)
            .ToList();
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
