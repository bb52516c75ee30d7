namespace MemDsl.Model;

/// <summary>A <c>[Search(parameter, min, max)]</c> declaration: the range the meta-search may explore.</summary>
public sealed record SearchRangeSpec(string Parameter, double Min, double Max);
