using System.Collections.Generic;

namespace MemDsl.Model;

/// <summary>
/// The evolutionary operators of the meta-search: one-step mutations and per-stage crossover that
/// stay inside the catalog's legal space and the declaration's own <c>[Search]</c> ranges. Every spec
/// they return validates without errors; the name, the class shape and custom stage methods are kept,
/// and non-searchable parameters (such as <c>Persistence</c>) are never touched.
/// </summary>
public static class SpecMutator
{
    /// <summary>How many candidate edits are tried before giving up on one call.</summary>
    public const int MaxAttempts = 256;

    private enum Operation
    {
        NumericParameter,
        SymbolParameter,
        StageKind,
        AddManager,
        RemoveManager,
        AddOrRemoveContext,
    }

    /// <summary>A valid spec one edit away from <paramref name="parent"/>.</summary>
    /// <exception cref="ArgumentException">The parent itself is invalid.</exception>
    /// <exception cref="InvalidOperationException">No legal edit was found in <see cref="MaxAttempts"/> tries.</exception>
    public static ArchitectureSpec Mutate(ArchitectureSpec parent, Random random)
    {
        RequireValid(parent, nameof(parent));
        if (random is null)
        {
            throw new ArgumentNullException(nameof(random));
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var candidate = (Operation)random.Next(6) switch
            {
                Operation.NumericParameter => ChangeParameter(parent, random, numeric: true),
                Operation.SymbolParameter => ChangeParameter(parent, random, numeric: false),
                Operation.StageKind => ChangeKind(parent, random),
                Operation.AddManager => AddManager(parent, random),
                Operation.RemoveManager => RemoveManager(parent, random),
                _ => AddOrRemoveContext(parent, random),
            };
            if (candidate is not null && !candidate.Equals(parent) && KeepsUserParameters(parent, candidate) && candidate.Validate().IsValid)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No legal one-step edit of '{parent.Name}' was found in {MaxAttempts} tries.");
    }

    /// <summary>
    /// The spec with its retriever's TopK scaled by <paramref name="factor"/> (rounded down, at least 1,
    /// inside the catalog's and the declaration's [Search] range): the repair for a design whose context
    /// is too long, since the tokens a query returns grow with TopK. Null when the retriever has no TopK,
    /// TopK would not change, or the result does not validate.
    /// </summary>
    /// <exception cref="ArgumentException">The spec itself is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The factor is not positive and finite.</exception>
    public static ArchitectureSpec? ScaleTopK(ArchitectureSpec spec, double factor)
    {
        RequireValid(spec, nameof(spec));
        if (!(factor > 0) || double.IsInfinity(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be a positive number.");
        }

        var index = IndexOf(spec, StageSlot.Retrieve);
        var stage = spec.Stages[index];
        var parameter = stage.Descriptor?.FindParameter(MemoryCatalog.TopK.Name);
        if (parameter is null || !parameter.IsSearchable)
        {
            return null;
        }

        var current = stage.Get(parameter.Name).AsInt32();
        var (min, max) = SearchBounds(spec, parameter);
        var scaled = (int)Math.Max(min, Math.Min(max, Math.Max(1, Math.Floor(current * factor))));
        if (scaled == current)
        {
            return null;
        }

        var candidate = spec.WithStage(index, stage.With(parameter.Name, SpecValue.Integer(scaled)));
        return candidate.Validate().IsValid ? candidate : null;
    }

    /// <summary>
    /// The spec with its context cut at <paramref name="tokenBudget"/> tokens: the context stage's
    /// <c>TokenBudget</c> set to it (clamped to the catalog's and the declaration's [Search] range), or,
    /// without a context stage, a <c>[Context(Ranked)]</c> with that budget added (the hits then go out
    /// as before, in the retriever's order, until the next would exceed it). The other repair for a
    /// design whose context is too long: unlike <see cref="ScaleTopK"/> it keeps the retriever's depth
    /// and drops only what does not fit, query by query. Null when the budget would not tighten (the
    /// stage already has one at or under it), when TokenBudget is not searchable, or when the result
    /// does not validate.
    /// </summary>
    /// <exception cref="ArgumentException">The spec itself is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The budget is not positive.</exception>
    public static ArchitectureSpec? CapContext(ArchitectureSpec spec, int tokenBudget)
    {
        RequireValid(spec, nameof(spec));
        if (tokenBudget <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tokenBudget), tokenBudget, "The token budget must be positive.");
        }

        var parameter = MemoryCatalog.TokenBudget;
        if (!parameter.IsSearchable)
        {
            return null;
        }

        var (min, max) = SearchBounds(spec, parameter);
        var budget = (int)Math.Max(min, Math.Min(max, tokenBudget));
        if (budget <= 0)
        {
            return null;
        }

        var index = IndexOf(spec, StageSlot.Context);
        ArchitectureSpec candidate;
        if (index >= 0)
        {
            var stage = spec.Stages[index];
            var current = stage.Get(parameter.Name).AsInt32();
            if (current > 0 && current <= budget)
            {
                return null;
            }

            candidate = spec.WithStage(index, stage.With(parameter.Name, SpecValue.Integer(budget)));
        }
        else
        {
            var ranked = new StageSpec(StageSlot.Context, "Ranked", new ParameterValue(parameter.Name, SpecValue.Integer(budget)));
            candidate = spec with { Stages = new List<StageSpec>(spec.Stages) { ranked }.ToEquatableArray() };
        }

        return candidate.Validate().IsValid ? candidate : null;
    }

    /// <summary>
    /// A valid child taking each single stage (the required ones, and the context stage or its
    /// absence) from either parent and each parent's managers at random; name, shape, custom methods and search ranges come from <paramref name="first"/>.
    /// Falls back to <paramref name="first"/> when no mix validates.
    /// </summary>
    public static ArchitectureSpec Crossover(ArchitectureSpec first, ArchitectureSpec second, Random random)
    {
        RequireValid(first, nameof(first));
        RequireValid(second, nameof(second));
        if (random is null)
        {
            throw new ArgumentNullException(nameof(random));
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var stages = new List<StageSpec>();
            foreach (var descriptor in MemoryCatalog.Stages)
            {
                if (!descriptor.AllowsSeveralKinds && (random.Next(2) == 0 ? first : second).Find(descriptor.Slot) is { } stage)
                {
                    stages.Add(stage);
                }
            }

            var kinds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var manager in Concat(first.Managers, second.Managers))
            {
                if (random.Next(2) == 0 && kinds.Add(manager.Kind.ToString()))
                {
                    stages.Add(manager);
                }
            }

            var child = first with { Stages = stages.ToEquatableArray() };
            if (KeepsUserParameters(first, child) && child.Validate().IsValid)
            {
                return child;
            }
        }

        return first;
    }

    private static ArchitectureSpec? ChangeParameter(ArchitectureSpec spec, Random random, bool numeric)
    {
        var choices = new List<(int Stage, ParameterDescriptor Parameter)>();
        for (var i = 0; i < spec.Stages.Count; i++)
        {
            foreach (var parameter in spec.Stages[i].Descriptor?.Parameters ?? Array.Empty<ParameterDescriptor>())
            {
                if (parameter.IsSearchable && parameter.IsNumeric == numeric)
                {
                    choices.Add((i, parameter));
                }
            }
        }

        if (choices.Count == 0)
        {
            return null;
        }

        var (index, chosen) = choices[random.Next(choices.Count)];
        var stage = spec.Stages[index];
        var current = stage.Get(chosen.Name);
        var value = numeric ? Step(current, chosen, SearchBounds(spec, chosen), random) : OtherMember(current, chosen, random);
        return value is null ? null : spec.WithStage(index, stage.With(chosen.Name, value.Value));
    }

    /// <summary>A new number near the current one: halving to doubling for integers, a tenth of the range for floats.</summary>
    private static SpecValue? Step(SpecValue current, ParameterDescriptor parameter, (double Min, double Max) bounds, Random random)
    {
        if (parameter.Type == ParameterType.Integer)
        {
            var value = current.AsInt32();
            var low = (int)Math.Max(bounds.Min, Math.Floor(value / 2.0));
            var high = (int)Math.Min(bounds.Max, Math.Max(value * 2.0, value + 1.0));
            return high <= low ? null : SpecValue.Integer(random.Next(low, high + 1));
        }

        var spread = (bounds.Max - bounds.Min) / 10;
        var next = Math.Round(current.Number + ((random.NextDouble() * 2) - 1) * spread, 2);
        return SpecValue.Float((float)Math.Max(bounds.Min, Math.Min(bounds.Max, next)));
    }

    private static SpecValue? OtherMember(SpecValue current, ParameterDescriptor parameter, Random random)
    {
        var others = new List<string>();
        foreach (var member in parameter.Members)
        {
            if (member != current.Symbol)
            {
                others.Add(member);
            }
        }

        return others.Count == 0 ? null : SpecValue.Named(others[random.Next(others.Count)]);
    }

    /// <summary>The declared <c>[Search]</c> range of a parameter, else its legal range.</summary>
    private static (double Min, double Max) SearchBounds(ArchitectureSpec spec, ParameterDescriptor parameter)
    {
        foreach (var range in spec.SearchRanges)
        {
            if (range.Parameter == parameter.Name)
            {
                return (range.Min, range.Max);
            }
        }

        return (parameter.Min, parameter.Max);
    }

    /// <summary>Another kind for one single stage (required, or the context stage), keeping the parameters both kinds share; a store that no longer fits the retriever is switched.</summary>
    private static ArchitectureSpec? ChangeKind(ArchitectureSpec spec, Random random)
    {
        var index = random.Next(spec.Stages.Count);
        var stage = spec.Stages[index];
        if (stage.Slot == StageSlot.Manage)
        {
            return null;
        }

        var kinds = stage.Stage.Kinds;
        var kind = kinds[random.Next(kinds.Count)];
        if (kind.Name == stage.KindName)
        {
            return null;
        }

        var changed = spec.WithStage(index, Rekind(stage, kind));
        var store = changed.Store;
        var needed = changed.Retrieve.Descriptor!.Requires;
        foreach (var manager in changed.Managers)
        {
            needed |= manager.Descriptor!.Requires;
        }

        if ((store.Descriptor!.Provides & needed) == needed)
        {
            return changed;
        }

        foreach (var storeKind in MemoryCatalog.Store.Kinds)
        {
            if ((storeKind.Provides & needed) == needed)
            {
                return changed.WithStage(IndexOf(changed, StageSlot.Store), Rekind(store, storeKind));
            }
        }

        return null;
    }

    private static StageSpec Rekind(StageSpec stage, StageKindDescriptor kind)
    {
        var kept = new List<ParameterValue>();
        foreach (var parameter in stage.Parameters)
        {
            if (kind.FindParameter(parameter.Name) is not null)
            {
                kept.Add(parameter);
            }
        }

        return new StageSpec(stage.Slot, SpecValue.Named(kind.Name), kept.ToEquatableArray());
    }

    private static ArchitectureSpec? AddManager(ArchitectureSpec spec, Random random)
    {
        var missing = new List<StageKindDescriptor>();
        foreach (var kind in MemoryCatalog.Manage.Kinds)
        {
            var present = false;
            foreach (var manager in spec.Managers)
            {
                present |= manager.KindName == kind.Name;
            }

            if (!present)
            {
                missing.Add(kind);
            }
        }

        if (missing.Count == 0)
        {
            return null;
        }

        var stages = new List<StageSpec>(spec.Stages) { SpecSampler.SampleStage(random, missing[random.Next(missing.Count)]) };
        return spec with { Stages = stages.ToEquatableArray() };
    }

    /// <summary>Adds a random context stage when there is none, else removes it (the hits then go out as ranked).</summary>
    private static ArchitectureSpec AddOrRemoveContext(ArchitectureSpec spec, Random random)
    {
        var stages = new List<StageSpec>(spec.Stages);
        var index = IndexOf(spec, StageSlot.Context);
        if (index >= 0)
        {
            stages.RemoveAt(index);
        }
        else
        {
            var kinds = MemoryCatalog.Context.Kinds;
            stages.Add(SpecSampler.SampleStage(random, kinds[random.Next(kinds.Count)]));
        }

        return spec with { Stages = stages.ToEquatableArray() };
    }

    private static ArchitectureSpec? RemoveManager(ArchitectureSpec spec, Random random)
    {
        var managers = new List<int>();
        for (var i = 0; i < spec.Stages.Count; i++)
        {
            if (spec.Stages[i].Slot == StageSlot.Manage)
            {
                managers.Add(i);
            }
        }

        if (managers.Count == 0)
        {
            return null;
        }

        var stages = new List<StageSpec>(spec.Stages);
        stages.RemoveAt(managers[random.Next(managers.Count)]);
        return spec with { Stages = stages.ToEquatableArray() };
    }

    /// <summary>
    /// True when every non-searchable parameter (the user's, such as <c>Persistence</c>) has the same
    /// effective value in <paramref name="child"/> as in <paramref name="parent"/>, a kind without the
    /// parameter counting as its default: a durable store never becomes one that cannot persist.
    /// </summary>
    private static bool KeepsUserParameters(ArchitectureSpec parent, ArchitectureSpec child)
    {
        foreach (var stage in MemoryCatalog.Stages)
        {
            if (stage.Slot == StageSlot.Manage)
            {
                continue;
            }

            foreach (var parameter in stage.AllParameters())
            {
                if (!parameter.IsSearchable && !Effective(parent, stage.Slot, parameter).Equals(Effective(child, stage.Slot, parameter)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static SpecValue Effective(ArchitectureSpec spec, StageSlot slot, ParameterDescriptor parameter)
    {
        var stage = spec.Find(slot);
        return stage?.Descriptor?.FindParameter(parameter.Name) is null ? parameter.Default : stage.Get(parameter.Name);
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

    private static IEnumerable<StageSpec> Concat(IReadOnlyList<StageSpec> a, IReadOnlyList<StageSpec> b)
    {
        foreach (var stage in a)
        {
            yield return stage;
        }

        foreach (var stage in b)
        {
            yield return stage;
        }
    }

    private static void RequireValid(ArchitectureSpec spec, string parameterName)
    {
        if (spec is null)
        {
            throw new ArgumentNullException(parameterName);
        }

        var validation = spec.Validate();
        if (validation.HasErrors)
        {
            throw new ArgumentException($"'{spec.Name}' is not a valid declaration:{Environment.NewLine}{validation}", parameterName);
        }
    }
}
