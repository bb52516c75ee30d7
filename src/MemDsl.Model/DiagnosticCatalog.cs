using System.Collections.Generic;

namespace MemDsl.Model;

/// <summary>Every diagnostic <see cref="SpecValidator"/> can produce. Analyzers turn these into descriptors.</summary>
public static class DiagnosticCatalog
{
    public static readonly DiagnosticInfo NotPartial = new(
        "MEMDSL0001",
        "Memory class must be partial",
        "'{0}' must be declared partial so MemDsl can generate its pipeline",
        DiagnosticSeverityLevel.Error,
        "The generator adds the pipeline implementation to the class (and every type containing it) as another partial declaration.");

    public static readonly DiagnosticInfo MissingStage = new(
        "MEMDSL0002",
        "Required stage missing",
        "Memory architecture '{0}' declares no [{1}] stage; add one, e.g. [{1}({2}.{3})]",
        DiagnosticSeverityLevel.Error,
        "Encode, Embed, Store and Retrieve stages are required; Manage is optional.");

    public static readonly DiagnosticInfo OutOfRange = new(
        "MEMDSL0003",
        "Parameter out of range",
        "{0} = {1} is out of range for {2}.{3}; legal values: {4}",
        DiagnosticSeverityLevel.Error,
        "Every stage parameter has a legal range in the MemDsl catalog.");

    public static readonly DiagnosticInfo Incompatible = new(
        "MEMDSL0004",
        "Incompatible stages",
        "{0}.{1} needs {2}, which [Store({3}.{4})] does not provide; use {3}.{5}",
        DiagnosticSeverityLevel.Error,
        "A retriever or manager can only read what the store keeps: BM25 needs indexed text, cosine needs stored vectors.");

    public static readonly DiagnosticInfo DuplicateStage = new(
        "MEMDSL0005",
        "Duplicate stage",
        "{0} is declared more than once; keep one",
        DiagnosticSeverityLevel.Error,
        "Each stage appears once; Manage may appear several times with different kinds.");

    public static readonly DiagnosticInfo WrongSignature = new(
        "MEMDSL0006",
        "Custom stage method has the wrong signature",
        "[{0}] method '{1}' must have the signature '{2}'",
        DiagnosticSeverityLevel.Error,
        "The generated pipeline calls custom stage methods directly, so their signature is fixed.");

    public static readonly DiagnosticInfo InvalidSearchRange = new(
        "MEMDSL0007",
        "Invalid search range",
        "[Search(\"{0}\", {1}, {2})] is invalid: {3}",
        DiagnosticSeverityLevel.Error,
        "A search range names a numeric parameter of a declared stage and lies inside that parameter's legal range, with min < max.");

    public static readonly DiagnosticInfo UnknownKind = new(
        "MEMDSL0008",
        "Unknown stage kind",
        "{0} is not a known {1}; legal kinds: {2}",
        DiagnosticSeverityLevel.Error,
        "A stage kind must be a named member of its enum.");

    public static readonly DiagnosticInfo UnsupportedShape = new(
        "MEMDSL0009",
        "Unsupported memory class shape",
        "'{0}' cannot be a memory architecture: {1}",
        DiagnosticSeverityLevel.Error,
        "A memory architecture is a non-generic, non-static class.");

    public static readonly DiagnosticInfo EmptyName = new(
        "MEMDSL0010",
        "Architecture name is empty",
        "[MemoryArchitecture] on '{0}' needs a non-empty name",
        DiagnosticSeverityLevel.Error,
        "The name identifies the architecture in reports, stores and search archives.");

    public static readonly DiagnosticInfo ReservedMemberName = new(
        "MEMDSL0011",
        "Member name is reserved by the generated pipeline",
        "'{0}' in '{1}' clashes with the generated {2}; rename it",
        DiagnosticSeverityLevel.Error,
        "The generated pipeline adds ArchitectureName, Count, Spec, WriteAsync, QueryAsync, ManageAsync, FeedbackAsync, Dispose, a constructor and private members named __memdsl_*; a user member with the same name (or a constructor or method with the same parameter types) would make the generated file fail to compile.");

    public static readonly DiagnosticInfo UnusedParameter = new(
        "MEMDSL1001",
        "Parameter has no effect",
        "{0} is ignored by {1}.{2}; it applies to {3}",
        DiagnosticSeverityLevel.Warning,
        "The parameter belongs to another kind of the same stage and is ignored.");

    public static readonly IReadOnlyList<DiagnosticInfo> All = new[]
    {
        NotPartial, MissingStage, OutOfRange, Incompatible, DuplicateStage, WrongSignature, InvalidSearchRange, UnknownKind, UnsupportedShape, EmptyName, ReservedMemberName, UnusedParameter,
    };
}
