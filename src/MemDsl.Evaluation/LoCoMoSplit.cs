namespace MemDsl.Evaluation;

/// <summary>
/// Which conversations of a LoCoMo file to use. Conversations alternate by position in the file
/// (0, 2, 4, ... search; 1, 3, 5, ... validation), so the meta-search can optimize on one part and
/// report on the other.
/// </summary>
public enum LoCoMoSplit
{
    All,
    Search,
    Validation,
}
