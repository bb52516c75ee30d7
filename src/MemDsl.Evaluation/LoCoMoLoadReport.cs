namespace MemDsl.Evaluation;

/// <summary>What a LoCoMo load read and what it skipped, with the reason.</summary>
public sealed record LoCoMoLoadReport(
    int Conversations,
    int Sessions,
    int Turns,
    int ImageTurns,
    int QaItems,
    int AdversarialSkipped,
    int EvidenceEntries,
    int MalformedEvidence,
    int UnknownEvidence,
    int QuestionsWithoutEvidence,
    int QuestionsKept)
{
    public IReadOnlyList<string> ToNotes(bool captionsIncluded) =>
    [
        $"{Conversations} conversations, {Sessions} sessions, {Turns} turns written ({ImageTurns} image turns, captions {(captionsIncluded ? "appended" : "not used")})",
        $"{QaItems} QA items: {AdversarialSkipped} adversarial (category 5, no answer in the conversation) skipped",
        $"{EvidenceEntries} evidence entries: {MalformedEvidence} malformed and {UnknownEvidence} naming no existing turn ignored",
        $"{QuestionsWithoutEvidence} questions left without valid evidence skipped; {QuestionsKept} questions scored",
    ];
}
