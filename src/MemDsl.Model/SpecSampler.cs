using System.Collections.Generic;

namespace MemDsl.Model;

/// <summary>
/// Draws random declarations from the catalog's legal space: the starting point of evolutionary
/// search and of property tests. Every spec it returns validates without errors.
/// </summary>
public static class SpecSampler
{
    /// <summary>A random valid spec: every required stage, zero to two managers, random in-range parameters and search ranges.</summary>
    public static ArchitectureSpec Sample(Random random, string name = "sampled")
    {
        if (random is null)
        {
            throw new ArgumentNullException(nameof(random));
        }

        var stages = new List<StageSpec>();
        var retrieve = Pick(random, MemoryCatalog.Retrieve.Kinds);
        foreach (var stage in MemoryCatalog.Stages)
        {
            if (!stage.IsRequired)
            {
                continue; // Managers and the context stage are drawn below.
            }

            var kind = stage.Slot switch
            {
                StageSlot.Retrieve => retrieve,
                StageSlot.Store => PickStoreFor(random, retrieve.Requires),
                _ => Pick(random, stage.Kinds),
            };
            stages.Add(SampleStage(random, kind));
        }

        var managerKinds = new List<StageKindDescriptor>(MemoryCatalog.Manage.Kinds);
        var managers = random.Next(3);
        for (var i = 0; i < managers && managerKinds.Count > 0; i++)
        {
            var index = random.Next(managerKinds.Count);
            stages.Add(SampleStage(random, managerKinds[index]));
            managerKinds.RemoveAt(index);
        }

        // A manager may need more of the store than the retriever does (per-record statistics).
        var required = retrieve.Requires;
        for (var i = 0; i < stages.Count; i++)
        {
            required |= stages[i].Slot == StageSlot.Manage ? stages[i].Descriptor!.Requires : Capabilities.None;
        }

        var storeIndex = stages.FindIndex(stage => stage.Slot == StageSlot.Store);
        if ((stages[storeIndex].Descriptor!.Provides & required) != required)
        {
            stages[storeIndex] = SampleStage(random, PickStoreFor(random, required));
        }

        var ranges = new List<SearchRangeSpec>();
        foreach (var stage in stages)
        {
            foreach (var parameter in stage.Descriptor!.Parameters)
            {
                if (parameter.IsNumeric && random.Next(4) == 0)
                {
                    var a = SampleNumber(random, parameter).Number;
                    var b = SampleNumber(random, parameter).Number;
                    if (a != b)
                    {
                        ranges.Add(new SearchRangeSpec(parameter.Name, Math.Min(a, b), Math.Max(a, b)));
                    }
                }
            }
        }

        // Drawn last so the rest of a sampled spec is what it was before the stage existed.
        if (random.Next(2) == 0)
        {
            stages.Add(SampleStage(random, Pick(random, MemoryCatalog.Context.Kinds)));
        }

        return new ArchitectureSpec(name, stages.ToEquatableArray(), ranges.ToEquatableArray(), EquatableArray<CustomMethodSpec>.Empty, TypeShape.Detached);
    }

    /// <summary>A stage of the given kind with each parameter set explicitly or left to its default, at random.</summary>
    public static StageSpec SampleStage(Random random, StageKindDescriptor kind)
    {
        var parameters = new List<ParameterValue>();
        foreach (var parameter in kind.Parameters)
        {
            if (parameter.IsSearchable && random.Next(3) != 0)
            {
                parameters.Add(new ParameterValue(parameter.Name, SampleValue(random, parameter)));
            }
        }

        return new StageSpec(kind.Slot, SpecValue.Named(kind.Name), parameters.ToEquatableArray());
    }

    /// <summary>A legal value of a parameter: a member for enums, a number in range otherwise (small values favoured for wide ranges).</summary>
    public static SpecValue SampleValue(Random random, ParameterDescriptor parameter) =>
        parameter.Type == ParameterType.Symbol
            ? SpecValue.Named(parameter.Members[random.Next(parameter.Members.Count)])
            : SampleNumber(random, parameter);

    private static SpecValue SampleNumber(Random random, ParameterDescriptor parameter)
    {
        if (parameter.Type == ParameterType.Integer)
        {
            // Log-uniform so 1..10,000,000 does not almost always draw millions; a range starting
            // below 1 (Neighbours 0..5) is shifted so its logarithm exists.
            var shift = parameter.Min < 1 ? 1 - parameter.Min : 0;
            var logMin = Math.Log(parameter.Min + shift);
            var logMax = Math.Log(parameter.Max + shift + 1);
            var value = (int)Math.Floor(Math.Exp(logMin + (random.NextDouble() * (logMax - logMin))) - shift);
            return SpecValue.Integer(Math.Max((int)parameter.Min, Math.Min((int)parameter.Max, value)));
        }

        // Two decimals keep rendered text short and exact enough to read.
        var number = Math.Round(parameter.Min + (random.NextDouble() * (parameter.Max - parameter.Min)), 2);
        return SpecValue.Float((float)Math.Max(parameter.Min, Math.Min(parameter.Max, number)));
    }

    private static StageKindDescriptor PickStoreFor(Random random, Capabilities required)
    {
        var candidates = new List<StageKindDescriptor>();
        foreach (var kind in MemoryCatalog.Store.Kinds)
        {
            if ((kind.Provides & required) == required)
            {
                candidates.Add(kind);
            }
        }

        return Pick(random, candidates);
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
