namespace MemDsl.Evolution.Tests;

/// <summary>An archive as comparable lines: everything recorded but the measured latency.</summary>
internal static class ArchiveSignature
{
    public static List<string> Of(ParetoArchive archive) =>
        archive.Entries.Select(e => $"{e.Id}|{e.Origin}|{string.Join(',', e.Parents)}|{e.SpecText}|{e.Quality:R}|{e.ContextTokens:R}|{e.Failure}").ToList();
}
