namespace MemDsl.Model;

/// <summary>A declaration problem MemDsl can report: id, title, message format and severity.</summary>
public sealed class DiagnosticInfo
{
    public DiagnosticInfo(string id, string title, string messageFormat, DiagnosticSeverityLevel severity, string description)
    {
        Id = id;
        Title = title;
        MessageFormat = messageFormat;
        Severity = severity;
        Description = description;
    }

    /// <summary><c>MEMDSL0xxx</c> for errors, <c>MEMDSL1xxx</c> for warnings.</summary>
    public string Id { get; }

    public string Title { get; }

    /// <summary>A composite format string; <see cref="SpecDiagnostic.Arguments"/> fill it.</summary>
    public string MessageFormat { get; }

    public DiagnosticSeverityLevel Severity { get; }

    public string Description { get; }

    public const string Category = "MemDsl";

    public string HelpLink => "https://github.com/memdsl/memdsl/blob/main/docs/diagnostics/" + Id + ".md";
}
