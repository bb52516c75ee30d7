using MemDsl.Model;

namespace MemDsl.Evolution;

/// <summary>Raised by <see cref="EvolvingMemory.DesignSwapped"/> after the new design serves.</summary>
/// <param name="Previous">The design served before.</param>
/// <param name="Current">The design served now.</param>
/// <param name="PreviousQuality">Recall@10 of <paramref name="Previous"/> on the recent traffic.</param>
/// <param name="CurrentQuality">Recall@10 of <paramref name="Current"/> on the same traffic.</param>
/// <param name="ReplayedTurns">Turns re-written into the new pipeline (every turn the host holds).</param>
public sealed class DesignSwappedEventArgs(ArchitectureSpec Previous, ArchitectureSpec Current, double PreviousQuality, double CurrentQuality, int ReplayedTurns) : EventArgs
{
    public ArchitectureSpec Previous { get; } = Previous;

    public ArchitectureSpec Current { get; } = Current;

    public double PreviousQuality { get; } = PreviousQuality;

    public double CurrentQuality { get; } = CurrentQuality;

    public int ReplayedTurns { get; } = ReplayedTurns;
}
