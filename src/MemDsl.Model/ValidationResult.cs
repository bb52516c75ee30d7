using System.Collections.Generic;

namespace MemDsl.Model;

/// <summary>The diagnostics of one validation, errors and warnings together.</summary>
public sealed class ValidationResult
{
    public ValidationResult(IReadOnlyList<SpecDiagnostic> diagnostics) => Diagnostics = diagnostics;

    public IReadOnlyList<SpecDiagnostic> Diagnostics { get; }

    public bool HasErrors
    {
        get
        {
            foreach (var diagnostic in Diagnostics)
            {
                if (diagnostic.IsError)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public bool IsValid => !HasErrors;

    public override string ToString() => Diagnostics.Count == 0 ? "valid" : string.Join(Environment.NewLine, Diagnostics);
}
