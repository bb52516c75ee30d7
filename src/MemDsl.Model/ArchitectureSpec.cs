using System.Collections.Generic;

namespace MemDsl.Model;

/// <summary>
/// A memory architecture declaration as data: immutable, compared by value, free of compiler
/// objects. The generator emits from it, the analyzers validate it, the runtime interprets it and
/// the meta-search mutates it.
/// </summary>
/// <param name="Name">The <c>[MemoryArchitecture]</c> name.</param>
/// <param name="Stages">Stage attributes in declaration order.</param>
/// <param name="SearchRanges"><c>[Search]</c> attributes in declaration order.</param>
/// <param name="CustomMethods">Methods marked <c>[EncodeWith]</c> or <c>[ScoreWith]</c>.</param>
/// <param name="Shape">The class the declaration sits on.</param>
/// <param name="IsIncomplete">True when an attribute could not be bound (compiler errors): nothing is emitted.</param>
public sealed record ArchitectureSpec(
    string Name,
    EquatableArray<StageSpec> Stages,
    EquatableArray<SearchRangeSpec> SearchRanges,
    EquatableArray<CustomMethodSpec> CustomMethods,
    TypeShape Shape,
    bool IsIncomplete = false)
{
    public ArchitectureSpec(string name, params StageSpec[] stages)
        : this(name, EquatableArray.Create(stages), EquatableArray<SearchRangeSpec>.Empty, EquatableArray<CustomMethodSpec>.Empty, TypeShape.Detached)
    {
    }

    /// <summary>The first stage declared for <paramref name="slot"/>, or null.</summary>
    public StageSpec? Find(StageSlot slot)
    {
        foreach (var stage in Stages)
        {
            if (stage.Slot == slot)
            {
                return stage;
            }
        }

        return null;
    }

    public StageSpec Get(StageSlot slot) => Find(slot) ?? throw new InvalidOperationException($"The architecture '{Name}' declares no {slot} stage.");

    public StageSpec Encode => Get(StageSlot.Encode);

    public StageSpec Embed => Get(StageSlot.Embed);

    public StageSpec Store => Get(StageSlot.Store);

    public StageSpec Retrieve => Get(StageSlot.Retrieve);

    /// <summary>The Context stage, or null when none is declared (the hits go out as the retriever ranked them).</summary>
    public StageSpec? Context => Find(StageSlot.Context);

    /// <summary>Every Manage stage, in declaration order.</summary>
    public IReadOnlyList<StageSpec> Managers
    {
        get
        {
            var result = new List<StageSpec>();
            foreach (var stage in Stages)
            {
                if (stage.Slot == StageSlot.Manage)
                {
                    result.Add(stage);
                }
            }

            return result;
        }
    }

    public CustomMethodSpec? FindCustomMethod(string attributeName)
    {
        foreach (var method in CustomMethods)
        {
            if (method.AttributeName == attributeName)
            {
                return method;
            }
        }

        return null;
    }

    /// <summary>The embedding dimension this declaration produces.</summary>
    public int EmbeddingDimensions => Embed.KindName == "MiniLM" ? MemoryCatalog.MiniLMDimensions : Embed.GetInt32(MemoryCatalog.Dimensions.Name);

    /// <summary>Checks the declaration against the catalog. See <see cref="SpecValidator"/>.</summary>
    public ValidationResult Validate() => SpecValidator.Validate(this);

    /// <summary>The attribute list as C# source. See <see cref="AttributeText"/>.</summary>
    public string ToAttributeText() => AttributeText.Render(this);

    /// <summary>A copy with the stage at <paramref name="index"/> replaced.</summary>
    public ArchitectureSpec WithStage(int index, StageSpec stage)
    {
        var stages = new List<StageSpec>(Stages) { [index] = stage };
        return this with { Stages = stages.ToEquatableArray() };
    }
}
