namespace MemDsl.Cli;

/// <summary>The tool's exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int InternalError = 1;
    public const int BadInput = 2;

    /// <summary>Prints an unexpected failure as a bug to report, and returns <see cref="InternalError"/>.</summary>
    public static int ReportInternalError(Exception exception)
    {
        Console.Error.WriteLine("internal error: " + exception);
        Console.Error.WriteLine("This is a bug in memdsl; please report it with the command line above.");
        return InternalError;
    }
}
