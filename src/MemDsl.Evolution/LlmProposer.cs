using System.Globalization;
using System.Text;
using MemDsl.Model;
using Microsoft.Extensions.AI;

namespace MemDsl.Evolution;

/// <summary>
/// Asks a chat model for the next candidate. The prompt holds the catalog (every stage kind, its
/// parameters, legal ranges and defaults, from <see cref="MemoryCatalog"/>), the current declaration
/// (a parent chosen from the archive like the evolutionary proposer chooses one, as
/// <see cref="AttributeText"/>), its scores with a per-category failure report (the search metric on
/// each query category, worst first), and the best other designs so far. The answer is read by
/// <see cref="LlmAnswer.Read"/>: an answer that does not parse or validate, or brings code without
/// <see cref="LlmProposerOptions.AllowCode"/>, is counted in <see cref="Proposal.Rejected"/>, never
/// benched, and the model is told why and asked again up to <see cref="LlmProposerOptions.MaxAttempts"/> times.
/// </summary>
/// <remarks>
/// Errors of the chat client itself (network, authentication) are not answers and propagate: the
/// search stops, its checkpoint intact, and <c>--resume</c> continues it.
/// </remarks>
public sealed class LlmProposer : IProposer
{
    public const string ProposerName = "llm";

    private readonly IChatClient _chat;
    private readonly LlmProposerOptions _options;

    public LlmProposer(IChatClient chat, LlmProposerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(chat);
        _chat = chat;
        _options = options ?? new LlmProposerOptions();
        if (_options.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.MaxAttempts, "MaxAttempts must be at least 1.");
        }
    }

    public string Name => ProposerName;

    public async ValueTask<Proposal> ProposeAsync(ProposalContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parent = context.Archive.ChooseParent(context.Random);
        int[] parents = parent is null ? [] : [parent.Id];
        var name = "c" + context.Slot.ToString(CultureInfo.InvariantCulture);
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, SystemPrompt(_options.AllowCode)),
            new(ChatRole.User, Prompt(context.Archive, parent, context.Metric, _options.AllowCode, _options.OtherDesigns)),
        };
        var rejected = new List<string>();
        for (var attempt = 0; attempt < _options.MaxAttempts; attempt++)
        {
            var response = await _chat.GetResponseAsync(messages, _options.ChatOptions, cancellationToken).ConfigureAwait(false);
            var text = response.Text;
            var answer = LlmAnswer.Read(text, name, _options.AllowCode);
            if (answer.Spec is { } spec)
            {
                return new Proposal(spec, "llm", parents, rejected, answer.Code);
            }

            rejected.Add(answer.Rejection!);
            messages.Add(new ChatMessage(ChatRole.Assistant, text));
            messages.Add(new ChatMessage(ChatRole.User, $"That answer was rejected: {answer.Rejection}. Answer again with one ```csharp block holding a complete, valid declaration."));
        }

        return Proposal.None("llm", parents, rejected);
    }

    /// <summary>The instructions: what to answer and in which form.</summary>
    public static string SystemPrompt(bool allowCode)
    {
        var text = new StringBuilder();
        text.Append("You design retrieval memories for AI agents. A memory is declared as C# attributes of the MemDsl library ")
            .Append("on a partial class: one [Encode], [Embed], [Store] and [Retrieve] attribute, any number of [Manage] attributes with different kinds, ")
            .Append("and optional [Search] ranges. Designs are scored by retrieval quality on question-answering data; fewer context tokens per query is better at equal quality.\n\n")
            .Append("Answer with a short reason and then exactly one ```csharp block holding the complete attribute list of one new declaration, for example:\n\n")
            .Append("```csharp\n[MemoryArchitecture(\"candidate\")]\n[Encode(EncodeKind.Window, Size = 4, Prefix = PrefixKind.Speaker)]\n[Embed(EmbedderKind.Hashing, Dimensions = 1024)]\n")
            .Append("[Store(StoreKind.VectorAndText)]\n[Retrieve(RetrieveKind.Hybrid, TopK = 10, Alpha = 0.3f)]\n```\n\n")
            .Append("Use only the kinds and parameters of the catalog, inside their legal ranges, and respect what each kind requires. ");
        if (allowCode)
        {
            text.Append("You may add a `partial class` with at most one [EncodeWith] and one [ScoreWith] method of the catalog's signatures; no other members.");
        }
        else
        {
            text.Append("Write attributes only: no class body, no methods, no [EncodeWith]/[ScoreWith] code.");
        }

        return text.ToString();
    }

    /// <summary>The request: catalog, current declaration with its failure report, the best other designs.</summary>
    public static string Prompt(ParetoArchive archive, ArchiveEntry? current, QualityMetric metric, bool allowCode = false, int otherDesigns = 5)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(metric);
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append("## Catalog\n\n");
        AppendCatalog(text, allowCode);
        text.Append('\n');
        if (current is null)
        {
            text.Append("## Current declaration\n\nNo design has been scored yet");
            var failures = archive.Entries.Where(e => e.Failed).TakeLast(3).ToList();
            text.Append(failures.Count == 0 ? ".\n\n" : "; recent failures:\n");
            foreach (var failure in failures)
            {
                text.Append(inv, $"- {failure.Failure}\n");
            }

            text.Append("\nPropose a first design.\n");
            return text.ToString();
        }

        text.Append("## Current declaration\n\n```csharp\n").Append(current.SpecText);
        if (current.Code is { } code)
        {
            text.Append('\n').Append(code);
        }

        text.Append("```\n\n");
        text.Append(inv, $"Overall {metric.Name}: {current.Quality:0.000}; mean context tokens per query: {current.ContextTokens:0.0}; median query latency: {current.QueryP50Microseconds:0} µs.\n\n");
        text.Append(inv, $"## Failure report ({metric.Name} per query category, worst first)\n\n");
        if (current.Categories is { Count: > 0 } categories)
        {
            foreach (var category in categories.OrderBy(c => c.Quality).ThenBy(c => c.Category, StringComparer.Ordinal))
            {
                text.Append(inv, $"- {category.Category}: {category.Quality:0.000} over {category.Queries} queries (shortfall {1 - category.Quality:0.000})\n");
            }
        }
        else
        {
            text.Append("(no per-category scores recorded)\n");
        }

        var others = archive.Entries.Where(e => archive.IsEligible(e) && e.Id != current.Id)
            .OrderByDescending(e => e.Quality).ThenBy(e => e.ContextTokens).ThenBy(e => e.Id)
            .Take(otherDesigns).ToList();
        if (others.Count > 0)
        {
            text.Append("\n## Best other designs so far (do not repeat any evaluated design)\n\n");
            foreach (var other in others)
            {
                text.Append(inv, $"{metric.Name} {other.Quality:0.000}, tokens {other.ContextTokens:0.0}:\n```csharp\n{other.SpecText}```\n");
            }
        }

        var failed = archive.Entries.Count(e => e.Failed);
        if (failed > 0)
        {
            text.Append(inv, $"\n{failed} evaluated designs failed; the latest: {archive.Entries.Last(e => e.Failed).Failure}\n");
        }

        text.Append(inv, $"\nPropose one new declaration, a change of the current one, that raises {metric.Name} on the weakest categories without more context tokens.\n");
        if (archive.MaxContextTokens is { } limit)
        {
            text.Append(inv, $"A design whose mean context tokens per query exceed {limit:0.##} does not count, however good its {metric.Name}.\n");
        }

        return text.ToString();
    }

    private static void AppendCatalog(StringBuilder text, bool allowCode)
    {
        foreach (var stage in MemoryCatalog.Stages)
        {
            text.Append('[').Append(stage.AttributeName).Append("(").Append(stage.KindEnumName).Append(".Kind, ...)]")
                .Append(stage.IsRequired ? " required" : " optional")
                .Append(stage.AllowsSeveralKinds ? ", several allowed with different kinds" : ", exactly one")
                .Append('\n');
            foreach (var kind in stage.Kinds)
            {
                text.Append("- ").Append(stage.KindEnumName).Append('.').Append(kind.Name).Append(": ").Append(kind.Description);
                if (kind.Requires != Capabilities.None)
                {
                    text.Append(" Requires a store providing ").Append(kind.Requires).Append('.');
                }

                if (kind.Provides != Capabilities.None)
                {
                    text.Append(" Provides ").Append(kind.Provides).Append('.');
                }

                text.Append('\n');
                foreach (var parameter in kind.Parameters)
                {
                    text.Append("  - ").Append(parameter.Name).Append(" (").Append(parameter.Type == ParameterType.Symbol ? parameter.EnumTypeName : parameter.Type.ToString().ToLowerInvariant())
                        .Append(", ").Append(parameter.DescribeRange()).Append(", default ").Append(parameter.Default.ToCSharp(parameter.EnumTypeName)).Append(')');
                    if (!parameter.IsSearchable)
                    {
                        text.Append(" leave at the default");
                    }

                    text.Append(": ").Append(parameter.Description).Append('\n');
                }
            }
        }

        text.Append("[Search(nameof(RetrieveAttribute.TopK), min, max)] optional: a range a meta-search may explore for one parameter.\n");
        if (allowCode)
        {
            foreach (var custom in MemoryCatalog.CustomStages)
            {
                text.Append('[').Append(custom.AttributeName).Append("] on a method `").Append(custom.Signature).Append("`: ").Append(custom.Description).Append('\n');
            }
        }
    }
}
