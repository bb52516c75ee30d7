namespace MemDsl.Runtime;

/// <summary>
/// One strategy item distilled from an experience, in ReasoningBank's shape: a short title, a
/// one-sentence description of the situation, and the content worth reusing.
/// </summary>
/// <param name="Title">A few words naming the item (the key phrase).</param>
/// <param name="Description">The situation the item answers; empty when there is none to tell.</param>
/// <param name="Content">The decisions, outcomes and facts to reuse.</param>
/// <param name="Salience">How much the item carries, in [0, 1.2]; the experience keeps its most salient items.</param>
public sealed record DistilledItem(string Title, string Description, string Content, float Salience)
{
    /// <summary>
    /// The text a record holds, embeds and indexes: title, description (when there is one) and content,
    /// separated by <see cref="Separator"/>.
    /// </summary>
    public string ToText() => Description.Length == 0 ? Title + Separator + Content : Title + Separator + Description + Separator + Content;

    /// <summary>
    /// Between the parts of <see cref="ToText"/>: " | ", not a line break, because the MiniLM tokenizer
    /// MemDsl reproduces keeps a lone '\n' inside a word (the next word is then lost to [UNK]).
    /// </summary>
    public const string Separator = " | ";
}
