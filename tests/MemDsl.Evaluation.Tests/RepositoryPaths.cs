namespace MemDsl.Evaluation.Tests;

internal static class RepositoryPaths
{
    /// <summary>The folder holding MemDsl.sln, found by walking up from the test binaries.</summary>
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MemDsl.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("MemDsl.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>
    /// ../shared/data/locomo/dev.json relative to the repository; a git worktree nested deeper finds
    /// the same shared/ folder further up.
    /// </summary>
    public static string LoCoMoDev
    {
        get
        {
            for (var directory = Directory.GetParent(Root); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "shared", "data", "locomo", "dev.json");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("shared/data/locomo/dev.json not found above " + Root);
        }
    }
}
