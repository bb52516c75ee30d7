namespace MemDsl.Cli;

/// <summary>Arguments that parse but make no sense; the message says what to change (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
