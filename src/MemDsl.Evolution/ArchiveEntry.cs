using MemDsl.Model;

namespace MemDsl.Evolution;

/// <summary>
/// One evaluated candidate: its declaration as attribute text, where it came from, and either its
/// scores or why it failed. <see cref="QueryP50Microseconds"/> is a wall-clock measurement and the
/// only field that differs between two runs with the same seed.
/// </summary>
/// <param name="Id">0, 1, 2, ... in evaluation order.</param>
/// <param name="Origin">"seed", "sample", "mutation", "crossover" or "llm".</param>
/// <param name="Parents">Ids of the archive members it was made from (none for seeds).</param>
/// <param name="SpecText">The declaration, as <see cref="AttributeText.Render"/> writes it.</param>
/// <param name="Quality">The search metric (recall@10 unless the search chose another) on the search data (higher is better); null when failed.</param>
/// <param name="ContextTokens">Mean MiniLM tokens handed to the model per query; null when failed.</param>
/// <param name="QueryP50Microseconds">Median query latency; null when failed.</param>
/// <param name="Failure">Why the candidate could not be evaluated (it threw, or ran past its time budget); null when it was.</param>
/// <param name="Categories">The search metric per query category, in ordinal order of the names; null when failed (or in checkpoints written before categories were kept).</param>
/// <param name="Code">C# members (<c>[EncodeWith]</c>/<c>[ScoreWith]</c> methods) an LLM proposal brought with <c>AllowCode</c>; null for attribute-only designs.</param>
public sealed record ArchiveEntry(
    int Id,
    string Origin,
    IReadOnlyList<int> Parents,
    string SpecText,
    double? Quality,
    double? ContextTokens,
    double? QueryP50Microseconds,
    string? Failure,
    IReadOnlyList<CategoryScore>? Categories = null,
    string? Code = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Failed => Failure is not null;

    /// <summary>The declaration (parsed from <see cref="SpecText"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ArchitectureSpec Spec => AttributeText.Parse(SpecText);

    /// <summary>True when this entry has scores and is at least as good as <paramref name="other"/> on every objective and better on one.</summary>
    public bool Dominates(ArchiveEntry other)
    {
        if (Failed || other.Failed)
        {
            return !Failed && other.Failed;
        }

        var q = Quality!.Value;
        var oq = other.Quality!.Value;
        var t = ContextTokens!.Value;
        var ot = other.ContextTokens!.Value;
        var l = QueryP50Microseconds!.Value;
        var ol = other.QueryP50Microseconds!.Value;
        var noWorse = q >= oq && t <= ot && l <= ol;
        var better = q > oq || t < ot || l < ol;
        return noWorse && better;
    }
}
