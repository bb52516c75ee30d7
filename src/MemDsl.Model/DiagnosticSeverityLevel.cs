namespace MemDsl.Model;

/// <summary>Severity of a declaration problem; maps onto Roslyn's DiagnosticSeverity.</summary>
public enum DiagnosticSeverityLevel
{
    Warning,
    Error,
}
