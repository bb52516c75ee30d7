using System.Collections.Generic;
using System.Globalization;

namespace MemDsl.Model;

/// <summary>
/// One problem found in a declaration. <see cref="Properties"/> carry what a code fix needs
/// (see <see cref="FixProperties"/>), so fixes never re-derive the catalog's rules.
/// </summary>
public sealed class SpecDiagnostic
{
    public SpecDiagnostic(DiagnosticInfo info, SpecLocation location, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? properties = null)
    {
        Info = info;
        Location = location;
        Arguments = arguments;
        Properties = properties ?? new Dictionary<string, string?>();
    }

    public DiagnosticInfo Info { get; }

    public string Id => Info.Id;

    public SpecLocation Location { get; }

    public IReadOnlyList<string> Arguments { get; }

    public IReadOnlyDictionary<string, string?> Properties { get; }

    public bool IsError => Info.Severity == DiagnosticSeverityLevel.Error;

    public string Message
    {
        get
        {
            var args = new object[Arguments.Count];
            for (var i = 0; i < args.Length; i++)
            {
                args[i] = Arguments[i];
            }

            return string.Format(CultureInfo.InvariantCulture, Info.MessageFormat, args);
        }
    }

    public override string ToString() => Id + ": " + Message;
}
