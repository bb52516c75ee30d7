using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemDsl.Runtime;

/// <summary>
/// ReasoningBank's distillation with a model: asks an <see cref="IChatClient"/> for at most
/// <c>maxItems</c> memory items in the paper's Markdown shape (<c># Memory Item i</c>, then
/// <c>## Title</c>, <c>## Description</c>, <c>## Content</c>) and reads them back. Items missing a title or
/// content are skipped; an answer with none falls back to <see cref="ExtractiveDistiller"/>, with a
/// warning in the log. A model's items carry no salience: each gets 1.
/// </summary>
public sealed class ChatExperienceDistiller : IExperienceDistiller
{
    private readonly IChatClient chat;
    private readonly ILogger logger;

    /// <summary>Creates a distiller that asks <paramref name="chat"/>.</summary>
    public ChatExperienceDistiller(IChatClient chat, ILogger<ChatExperienceDistiller>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chat);
        this.chat = chat;
        this.logger = logger ?? (ILogger)NullLogger<ChatExperienceDistiller>.Instance;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DistilledItem>> DistillAsync(IReadOnlyList<string> experience, int maxItems, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experience);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        var response = await chat.GetResponseAsync(BuildPrompt(experience, maxItems), cancellationToken: cancellationToken).ConfigureAwait(false);
        var answer = response.Text ?? string.Empty;
        var items = ParseItems(answer, maxItems);
        if (items.Count > 0)
        {
            return items;
        }

        var fallback = ExtractiveDistiller.Distill(experience, maxItems);
        TextStageLog.UnparseableDistillation(logger, fallback.Count, TextStageLog.Excerpt(answer));
        return fallback;
    }

    /// <summary>ReasoningBank's extraction prompt (Ouyang et al., 2025), for any agent's experience rather than web navigation.</summary>
    public static string BuildPrompt(IReadOnlyList<string> experience, int maxItems)
    {
        ArgumentNullException.ThrowIfNull(experience);
        var prompt = new System.Text.StringBuilder();
        prompt.Append("You are an expert in reviewing an agent's experience. You will be given an experience: the turns of a task or a conversation, in order, ")
            .Append("including how it ended when that is known.\n\n")
            .Append("## Guidelines\n")
            .Append("Extract and summarize useful insights in the format of memory items. The goal of the memory items is to be helpful and ")
            .Append("generalizable for future similar tasks and questions: the decisions taken, what worked or failed and why, and the facts worth remembering.\n\n")
            .Append("## Important notes\n")
            .Append("- First think about why the experience went the way it did, then summarize the insights.\n")
            .Append("- You can extract at most ").Append(maxItems).Append(" memory items from the experience.\n")
            .Append("- You must not repeat similar or overlapping items.\n")
            .Append("- Leave out greetings and small talk.\n\n")
            .Append("## Output Format\n")
            .Append("Your output must strictly follow the Markdown format shown below:\n")
            .Append("# Memory Item i\n## Title <the title of the memory item>\n## Description <one sentence summary of the memory item>\n")
            .Append("## Content <1-3 sentences describing the insights learned>\n\n")
            .Append("## Experience\n");
        foreach (var turn in experience)
        {
            prompt.Append(turn).Append('\n');
        }

        return prompt.ToString();
    }

    /// <summary>
    /// The items of a Markdown answer: each <c># Memory Item</c> block's <c>## Title</c>, <c>## Description</c>
    /// and <c>## Content</c> sections (text on the heading's line or the lines under it); a block without a title
    /// or content is skipped; at most <paramref name="maxItems"/>.
    /// </summary>
    public static IReadOnlyList<DistilledItem> ParseItems(string answer, int maxItems)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var items = new List<DistilledItem>();
        string? title = null, description = null, content = null;
        string? section = null;
        var started = false;
        foreach (var raw in answer.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("# ", StringComparison.Ordinal) && line.Contains("memory item", StringComparison.OrdinalIgnoreCase))
            {
                Flush();
                started = true;
                section = null;
                continue;
            }

            if (line.StartsWith("##", StringComparison.Ordinal))
            {
                var heading = line.TrimStart('#').Trim();
                section = null;
                foreach (var name in (ReadOnlySpan<string>)["Title", "Description", "Content"])
                {
                    if (heading.StartsWith(name, StringComparison.OrdinalIgnoreCase))
                    {
                        section = name;
                        started = true;
                        Append(heading[name.Length..].TrimStart(':', ' ', '\t'));
                        break;
                    }
                }

                continue;
            }

            if (started && line.Length > 0 && line != "```")
            {
                Append(line);
            }
        }

        Flush();
        return items;

        void Append(string text)
        {
            if (text.Length == 0 || section is null)
            {
                return;
            }

            switch (section)
            {
                case "Title":
                    title = title is null ? text : title + " " + text;
                    break;
                case "Description":
                    description = description is null ? text : description + " " + text;
                    break;
                default:
                    content = content is null ? text : content + " " + text;
                    break;
            }
        }

        void Flush()
        {
            if (title is not null && content is not null && items.Count < maxItems)
            {
                items.Add(new DistilledItem(title, description ?? string.Empty, content, 1f));
            }

            title = description = content = null;
        }
    }
}
