using System.Collections.Generic;
using System.Globalization;

namespace MemDsl.Model;

/// <summary>
/// The one set of declaration rules. The analyzers report its results, the generator emits only
/// when it finds no error, the runtime refuses to build an invalid spec, and the meta-search
/// discards invalid candidates before they cost anything.
/// </summary>
public static class SpecValidator
{
    public static ValidationResult Validate(ArchitectureSpec spec)
    {
        if (spec is null)
        {
            throw new ArgumentNullException(nameof(spec));
        }

        var diagnostics = new List<SpecDiagnostic>();
        ValidateShape(spec, diagnostics);
        if (string.IsNullOrWhiteSpace(spec.Name))
        {
            diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.EmptyName, SpecLocation.Architecture(), new[] { spec.Shape.Name }));
        }

        ValidateStages(spec, diagnostics);
        ValidateCompatibility(spec, diagnostics);
        ValidateSearchRanges(spec, diagnostics);
        ValidateCustomMethods(spec, diagnostics);
        return new ValidationResult(diagnostics);
    }

    private static void ValidateShape(ArchitectureSpec spec, List<SpecDiagnostic> diagnostics)
    {
        var shape = spec.Shape;
        if (!shape.IsClass)
        {
            diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.UnsupportedShape, SpecLocation.Type(), new[] { shape.Name, "it must be a class" }));
        }
        else if (shape.IsStatic)
        {
            diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.UnsupportedShape, SpecLocation.Type(), new[] { shape.Name, "a static class cannot implement IMemoryPipeline" }));
        }

        if (shape.IsGeneric)
        {
            diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.UnsupportedShape, SpecLocation.Type(), new[] { shape.Name, "generic memory classes are not supported (a generic containing type is)" }));
        }

        if (!shape.IsPartial)
        {
            diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.NotPartial, SpecLocation.Type(), new[] { shape.Name }));
        }

        for (var i = 0; i < shape.ContainingTypes.Count; i++)
        {
            if (!shape.ContainingTypes[i].IsPartial)
            {
                diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.NotPartial, SpecLocation.ContainingType(i), new[] { shape.ContainingTypes[i].NameWithTypeParameters }));
            }
        }

        for (var i = 0; i < shape.Members.Count; i++)
        {
            if (GeneratedMembers.FindClash(spec, shape.Members[i]) is { } generated)
            {
                diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.ReservedMemberName, SpecLocation.Member(i), new[] { shape.Members[i].Display, shape.Name, generated }));
            }
        }
    }

    private static void ValidateStages(ArchitectureSpec spec, List<SpecDiagnostic> diagnostics)
    {
        var firstIndexBySlot = new Dictionary<StageSlot, int>();
        var seenManagerKinds = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < spec.Stages.Count; index++)
        {
            var stage = spec.Stages[index];
            var descriptor = stage.Stage;
            var kind = stage.Descriptor;

            var isDuplicate = descriptor.AllowsSeveralKinds
                ? !seenManagerKinds.Add(stage.Kind.ToString())
                : firstIndexBySlot.ContainsKey(stage.Slot);
            if (isDuplicate)
            {
                var what = descriptor.AllowsSeveralKinds ? "[" + descriptor.AttributeName + "(" + descriptor.KindEnumName + "." + stage.Kind + ")]" : "The [" + descriptor.AttributeName + "] stage";
                diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.DuplicateStage, SpecLocation.Stage(index), new[] { what }));
            }

            if (!firstIndexBySlot.ContainsKey(stage.Slot))
            {
                firstIndexBySlot[stage.Slot] = index;
            }

            if (kind is null)
            {
                diagnostics.Add(new SpecDiagnostic(
                    DiagnosticCatalog.UnknownKind,
                    SpecLocation.StageKind(index),
                    new[] { stage.Kind.ToCSharp(descriptor.KindEnumName), descriptor.KindEnumName, string.Join(" | ", descriptor.KindNames()) }));
                continue;
            }

            foreach (var parameter in stage.Parameters)
            {
                ValidateParameter(index, stage, descriptor, kind, parameter, diagnostics);
            }
        }

        foreach (var descriptor in MemoryCatalog.Stages)
        {
            if (descriptor.IsRequired && !firstIndexBySlot.ContainsKey(descriptor.Slot))
            {
                diagnostics.Add(new SpecDiagnostic(
                    DiagnosticCatalog.MissingStage,
                    SpecLocation.Architecture(),
                    new[] { spec.Name, descriptor.AttributeName, descriptor.KindEnumName, descriptor.Kinds[0].Name }));
            }
        }
    }

    private static void ValidateParameter(int index, StageSpec stage, StageDescriptor descriptor, StageKindDescriptor kind, ParameterValue parameter, List<SpecDiagnostic> diagnostics)
    {
        var parameterDescriptor = kind.FindParameter(parameter.Name);
        if (parameterDescriptor is null)
        {
            var owners = new List<string>();
            foreach (var other in descriptor.Kinds)
            {
                if (other.FindParameter(parameter.Name) is not null)
                {
                    owners.Add(descriptor.KindEnumName + "." + other.Name);
                }
            }

            diagnostics.Add(new SpecDiagnostic(
                DiagnosticCatalog.UnusedParameter,
                SpecLocation.ParameterOf(index, parameter.Name),
                new[] { parameter.Name, descriptor.KindEnumName, kind.Name, owners.Count == 0 ? "no kind" : string.Join(", ", owners) }));
            return;
        }

        if (parameterDescriptor.IsInRange(parameter.Value))
        {
            return;
        }

        var properties = new Dictionary<string, string?>();
        if (parameterDescriptor.IsNumeric)
        {
            properties[FixProperties.ClampedValue] = parameterDescriptor.Clamp(parameter.Value).ToCSharp(null);
        }

        diagnostics.Add(new SpecDiagnostic(
            DiagnosticCatalog.OutOfRange,
            SpecLocation.ParameterOf(index, parameter.Name),
            new[] { parameter.Name, parameter.Value.ToCSharp(parameterDescriptor.EnumTypeName), stage.Stage.KindEnumName, kind.Name, parameterDescriptor.DescribeRange() },
            properties));
    }

    private static void ValidateCompatibility(ArchitectureSpec spec, List<SpecDiagnostic> diagnostics)
    {
        var storeIndex = IndexOf(spec, StageSlot.Store);
        var store = storeIndex < 0 ? null : spec.Stages[storeIndex].Descriptor;
        if (store is null)
        {
            return; // Missing or unknown store is reported already.
        }

        for (var index = 0; index < spec.Stages.Count; index++)
        {
            var stage = spec.Stages[index];
            var kind = stage.Descriptor;
            if (kind is null || stage.Slot == StageSlot.Store)
            {
                continue;
            }

            var missing = kind.Requires & ~store.Provides;
            if (missing == Capabilities.None)
            {
                continue;
            }

            var replacement = FindStoreProviding(kind.Requires);
            var storeEnum = MemoryCatalog.Store.KindEnumName;
            var properties = new Dictionary<string, string?>
            {
                [FixProperties.StoreStageIndex] = storeIndex.ToString(CultureInfo.InvariantCulture),
                [FixProperties.ReplacementStore] = replacement is null ? null : storeEnum + "." + replacement.Name,
            };
            diagnostics.Add(new SpecDiagnostic(
                DiagnosticCatalog.Incompatible,
                SpecLocation.StageKind(index),
                new[] { stage.Stage.KindEnumName, kind.Name, DescribeCapabilities(missing), storeEnum, store.Name, replacement?.Name ?? "a store that provides it" },
                properties));
        }
    }

    private static void ValidateSearchRanges(ArchitectureSpec spec, List<SpecDiagnostic> diagnostics)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < spec.SearchRanges.Count; index++)
        {
            var range = spec.SearchRanges[index];
            var problem = DescribeSearchRangeProblem(spec, range);
            if (problem is null && !seen.Add(range.Parameter))
            {
                problem = "the parameter already has a search range";
            }

            if (problem is not null)
            {
                diagnostics.Add(new SpecDiagnostic(
                    DiagnosticCatalog.InvalidSearchRange,
                    SpecLocation.Search(index),
                    new[] { range.Parameter, Format(range.Min), Format(range.Max), problem }));
            }
        }
    }

    private static string? DescribeSearchRangeProblem(ArchitectureSpec spec, SearchRangeSpec range)
    {
        var owner = MemoryCatalog.FindParameter(range.Parameter);
        if (owner is null)
        {
            return "no stage has a parameter named '" + range.Parameter + "'";
        }

        var (stageDescriptor, parameter) = owner.Value;
        if (!parameter.IsNumeric)
        {
            return "'" + range.Parameter + "' is not numeric";
        }

        var declaredWithParameter = false;
        foreach (var stage in spec.Stages)
        {
            if (stage.Slot == stageDescriptor.Slot && stage.Descriptor?.FindParameter(range.Parameter) is not null)
            {
                declaredWithParameter = true;
            }
        }

        if (!declaredWithParameter)
        {
            return "no declared stage uses '" + range.Parameter + "'";
        }

        if (double.IsNaN(range.Min) || double.IsNaN(range.Max) || range.Min >= range.Max)
        {
            return "min must be less than max";
        }

        if (range.Min < parameter.Min || range.Max > parameter.Max)
        {
            return "it must lie inside the legal range " + parameter.DescribeRange();
        }

        return null;
    }

    private static void ValidateCustomMethods(ArchitectureSpec spec, List<SpecDiagnostic> diagnostics)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < spec.CustomMethods.Count; index++)
        {
            var method = spec.CustomMethods[index];
            var descriptor = method.Descriptor;
            if (descriptor is null)
            {
                continue;
            }

            if (!seen.Add(descriptor.AttributeName))
            {
                diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.DuplicateStage, SpecLocation.Method(index), new[] { "The [" + descriptor.AttributeName + "] stage" }));
            }

            if (!descriptor.Accepts(method))
            {
                diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.WrongSignature, SpecLocation.Method(index), new[] { descriptor.AttributeName, method.MethodName, descriptor.Signature }));
            }
        }
    }

    private static int IndexOf(ArchitectureSpec spec, StageSlot slot)
    {
        for (var i = 0; i < spec.Stages.Count; i++)
        {
            if (spec.Stages[i].Slot == slot)
            {
                return i;
            }
        }

        return -1;
    }

    private static StageKindDescriptor? FindStoreProviding(Capabilities required)
    {
        foreach (var kind in MemoryCatalog.Store.Kinds)
        {
            if ((kind.Provides & required) == required)
            {
                return kind;
            }
        }

        return null;
    }

    private static string DescribeCapabilities(Capabilities capabilities)
    {
        var parts = new List<string>();
        if ((capabilities & Capabilities.StoredVectors) != 0)
        {
            parts.Add("stored vectors");
        }

        if ((capabilities & Capabilities.IndexedText) != 0)
        {
            parts.Add("indexed text");
        }

        if ((capabilities & Capabilities.TimeIndex) != 0)
        {
            parts.Add("a time index");
        }

        if ((capabilities & Capabilities.ItemStats) != 0)
        {
            parts.Add("per-record statistics (uses, utility, importance)");
        }

        if ((capabilities & Capabilities.SessionSummaries) != 0)
        {
            parts.Add("session summaries");
        }

        if ((capabilities & Capabilities.EntityGraph) != 0)
        {
            parts.Add("an entity graph");
        }

        if ((capabilities & Capabilities.LinkedNotes) != 0)
        {
            parts.Add("linked notes");
        }

        return string.Join(" and ", parts);
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
