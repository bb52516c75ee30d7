namespace MemDsl.Tests;

/// <summary>
/// Where tests find the repository and the shared data, whatever folder they run from. Linked into
/// every test project by tests/Directory.Build.props, so there is one way to find them.
/// </summary>
internal static class RepositoryLayout
{
    private static readonly Lazy<string> RootFolder = new(FindRoot);

    /// <summary>The folder holding MemDsl.sln, found by walking up from the test binaries.</summary>
    public static string Root => RootFolder.Value;

    /// <summary>
    /// ../shared/data/locomo/dev.json relative to the repository (CI lays shared/ beside the clone); a
    /// git worktree nested deeper finds the same shared/ folder further up.
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

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MemDsl.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("MemDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
