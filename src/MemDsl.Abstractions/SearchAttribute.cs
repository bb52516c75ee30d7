namespace MemDsl.Abstractions;

/// <summary>
/// The range the meta-search may explore for one numeric stage parameter, e.g.
/// <c>[Search(nameof(RetrieveAttribute.TopK), 2, 32)]</c>. It must lie inside the parameter's legal range.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SearchAttribute : Attribute
{
    /// <summary>Declares a search range.</summary>
    /// <param name="parameter">A stage parameter name, such as <c>TopK</c>.</param>
    /// <param name="min">Smallest value to try.</param>
    /// <param name="max">Largest value to try; greater than <paramref name="min"/>.</param>
    public SearchAttribute(string parameter, double min, double max)
    {
        Parameter = parameter;
        Min = min;
        Max = max;
    }

    /// <summary>The stage parameter name.</summary>
    public string Parameter { get; }

    /// <summary>Smallest value to try.</summary>
    public double Min { get; }

    /// <summary>Largest value to try.</summary>
    public double Max { get; }
}
