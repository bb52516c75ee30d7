using MemDsl.Model;

namespace MemDsl.Model.Tests;

public sealed class SpecMutatorTests
{
    private static readonly TypeShape UserShape = new("App", "AgentMemory", EquatableArray<ContainingTypeShape>.Empty, IsPartial: true, IsStatic: false, IsGeneric: false, IsClass: true);

    private static readonly CustomMethodSpec EncodeWith = new(
        "EncodeWith", "Encode", IsStatic: true, IsGeneric: false, "string", EquatableArray.Create(new MethodParameterShape(KnownNames.TurnType, "in")));

    /// <summary>A sampled spec dressed as a user's declaration: its own class, a custom method, sometimes durable.</summary>
    private static ArchitectureSpec UserSpec(int seed)
    {
        var random = new Random(seed);
        var spec = SpecSampler.Sample(random, "agent-" + seed) with { Shape = UserShape, CustomMethods = EquatableArray.Create(EncodeWith) };
        if (random.Next(2) == 0 && spec.Store.Descriptor!.FindParameter(MemoryCatalog.Persistence.Name) is not null)
        {
            var store = spec.Store.With(MemoryCatalog.Persistence.Name, SpecValue.Named("Sqlite"));
            spec = spec.WithStage(spec.Stages.ToList().FindIndex(s => s.Slot == StageSlot.Store), store);
        }

        return spec;
    }

    [Fact]
    public void Mutations_are_valid_single_edits_that_keep_what_the_user_owns()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var parent = UserSpec(seed);
            var child = SpecMutator.Mutate(parent, new Random(seed));

            Assert.True(child.Validate().IsValid, $"seed {seed}:\n{child.ToAttributeText()}{child.Validate()}");
            Assert.NotEqual(parent, child);
            Assert.Equal(parent.Name, child.Name);
            Assert.Equal(parent.Shape, child.Shape);
            Assert.Equal(parent.CustomMethods, child.CustomMethods);
            Assert.Equal(parent.SearchRanges, child.SearchRanges);
            Assert.Equal(parent.Store.Get(MemoryCatalog.Persistence.Name), child.Store.Get(MemoryCatalog.Persistence.Name));
        }
    }

    [Fact]
    public void A_durable_store_never_becomes_one_that_cannot_persist()
    {
        var durable = AttributeText.Parse("""
            [MemoryArchitecture("durable")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing)]
            [Store(StoreKind.Vector, Persistence = PersistenceKind.Sqlite)]
            [Retrieve(RetrieveKind.Cosine)]
            """);
        var tracked = AttributeText.Parse("""
            [MemoryArchitecture("tracked")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing)]
            [Store(StoreKind.Tracked)]
            [Retrieve(RetrieveKind.Utility)]
            [Manage(ManageKind.Utility)]
            """);
        for (var seed = 0; seed < 500; seed++)
        {
            foreach (var child in new[] { SpecMutator.Mutate(durable, new Random(seed)), SpecMutator.Crossover(durable, tracked, new Random(seed)) })
            {
                Assert.NotEqual("Tracked", child.Store.KindName);
                Assert.Equal("Sqlite", child.Store.GetSymbol(MemoryCatalog.Persistence.Name));
                Assert.True(child.Validate().IsValid, child.ToAttributeText());
            }

            // The other way round a durable parent's store is never taken either: durability is the user's choice.
            Assert.Equal("None", SpecMutator.Crossover(tracked, durable, new Random(seed)).Store.Descriptor!.FindParameter(MemoryCatalog.Persistence.Name) is null
                ? "None"
                : SpecMutator.Crossover(tracked, durable, new Random(seed)).Store.GetSymbol(MemoryCatalog.Persistence.Name));
        }
    }

    // Ten three-turn windows per query: a design far over a few-hundred-token prompt budget.
    private const string WideWindows = """
        [MemoryArchitecture("wide")]
        [Encode(EncodeKind.Window, Prefix = PrefixKind.Speaker)]
        [Embed(EmbedderKind.Hashing, Dimensions = 64)]
        [Store(StoreKind.VectorAndText)]
        [Retrieve(RetrieveKind.Hybrid, TopK = 10, Alpha = 0.7f)]
        """;

    [Fact]
    public void Scaling_TopK_shrinks_it_in_proportion_and_stays_inside_the_declared_range()
    {
        var windows = AttributeText.Parse(WideWindows);

        // 990 tokens per query against a limit of 320: a third of the hits.
        var repaired = SpecMutator.ScaleTopK(windows, 320 / 990.0)!;
        Assert.Equal(3, repaired.Retrieve.GetInt32("TopK"));
        Assert.Equal(windows.Retrieve, repaired.Retrieve.With("TopK", SpecValue.Integer(10)));
        Assert.Equal(windows.Encode, repaired.Encode);
        Assert.Equal(windows.Store, repaired.Store);
        Assert.Equal(1, SpecMutator.ScaleTopK(windows, 0.001)!.Retrieve.GetInt32("TopK"));
        Assert.Null(SpecMutator.ScaleTopK(windows, 1.05));   // 10.5 rounds down to 10: no change
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecMutator.ScaleTopK(windows, 0));

        var ranged = AttributeText.Parse("""
            [MemoryArchitecture("ranged")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing, Dimensions = 64)]
            [Store(StoreKind.VectorAndText)]
            [Retrieve(RetrieveKind.Hybrid, TopK = 8, Alpha = 0.5f)]
            [Search(nameof(RetrieveAttribute.TopK), 4, 9)]
            """);
        Assert.Equal(4, SpecMutator.ScaleTopK(ranged, 0.1)!.Retrieve.GetInt32("TopK"));
    }

    [Fact]
    public void Capping_the_context_sets_or_adds_a_token_budget_and_keeps_the_retriever()
    {
        var windows = AttributeText.Parse(WideWindows);

        // No context stage: a ranked one with the budget is added, everything else unchanged.
        var capped = SpecMutator.CapContext(windows, 300)!;
        var context = capped.Find(StageSlot.Context)!;
        Assert.Equal("Ranked", context.KindName);
        Assert.Equal(300, context.GetInt32("TokenBudget"));
        Assert.Equal(0, context.GetInt32("Neighbours"));
        Assert.Equal(windows.Stages, capped.Stages.Where(s => s.Slot != StageSlot.Context));
        Assert.True(capped.Validate().IsValid);

        // A context stage keeps its kind and neighbours; only a tighter budget is a change.
        var chronological = AttributeText.Parse(AttributeText.Render(windows) + "\n[Context(ContextKind.Chronological, Neighbours = 1, TokenBudget = 900)]");
        var tightened = SpecMutator.CapContext(chronological, 300)!.Find(StageSlot.Context)!;
        Assert.Equal("Chronological", tightened.KindName);
        Assert.Equal(1, tightened.GetInt32("Neighbours"));
        Assert.Equal(300, tightened.GetInt32("TokenBudget"));
        Assert.Null(SpecMutator.CapContext(chronological, 900));
        Assert.Null(SpecMutator.CapContext(chronological, 1000));
        var unlimited = AttributeText.Parse(AttributeText.Render(windows) + "\n[Context(ContextKind.Ranked, TokenBudget = 0)]");
        Assert.Equal(300, SpecMutator.CapContext(unlimited, 300)!.Find(StageSlot.Context)!.GetInt32("TokenBudget"));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecMutator.CapContext(windows, 0));

        // The declaration's [Search] range for the budget bounds it.
        var ranged = AttributeText.Parse(AttributeText.Render(chronological) + "\n[Search(nameof(ContextAttribute.TokenBudget), 400, 2000)]");
        Assert.Equal(400, SpecMutator.CapContext(ranged, 300)!.Find(StageSlot.Context)!.GetInt32("TokenBudget"));
    }

    [Fact]
    public void Numeric_mutations_stay_inside_the_declared_search_range()
    {
        var parent = AttributeText.Parse("""
            [MemoryArchitecture("ranged")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing, Dimensions = 64)]
            [Store(StoreKind.VectorAndText)]
            [Retrieve(RetrieveKind.Hybrid, TopK = 6, Alpha = 0.5f)]
            [Search(nameof(RetrieveAttribute.TopK), 4, 9)]
            [Search(nameof(RetrieveAttribute.Alpha), 0.4, 0.6)]
            """);

        var seen = new HashSet<int>();
        for (var seed = 0; seed < 500; seed++)
        {
            var child = SpecMutator.Mutate(parent, new Random(seed));
            var topK = child.Retrieve.GetInt32("TopK");
            seen.Add(topK);
            Assert.InRange(topK, 4, 9);
            if (child.Retrieve.KindName == "Hybrid")
            {
                Assert.InRange(child.Retrieve.GetSingle("Alpha"), 0.4f, 0.6f);
            }
        }

        Assert.True(seen.Count >= 4, "TopK explored only " + string.Join(", ", seen));
    }

    [Fact]
    public void Every_kind_of_edit_happens()
    {
        var kindChanges = 0;
        var parameterChanges = 0;
        var managersAdded = 0;
        var managersRemoved = 0;
        var contextsAdded = 0;
        var contextsRemoved = 0;
        for (var seed = 0; seed < 400; seed++)
        {
            var parent = UserSpec(seed);
            var child = SpecMutator.Mutate(parent, new Random(seed + 1000));
            var managerDelta = child.Managers.Count - parent.Managers.Count;
            managersAdded += managerDelta > 0 ? 1 : 0;
            managersRemoved += managerDelta < 0 ? 1 : 0;
            contextsAdded += parent.Context is null && child.Context is not null ? 1 : 0;
            contextsRemoved += parent.Context is not null && child.Context is null ? 1 : 0;
            if (managerDelta == 0 && parent.Stages.Count == child.Stages.Count)
            {
                var kindsChanged = parent.Stages.Zip(child.Stages).Any(p => p.First.Kind != p.Second.Kind);
                kindChanges += kindsChanged ? 1 : 0;
                parameterChanges += kindsChanged ? 0 : 1;
            }
        }

        Assert.All(
            new[] { kindChanges, parameterChanges, managersAdded, managersRemoved, contextsAdded, contextsRemoved },
            count => Assert.True(count > 20, $"kinds {kindChanges}, parameters {parameterChanges}, added {managersAdded}, removed {managersRemoved}, contexts added {contextsAdded}, removed {contextsRemoved}"));
    }

    [Fact]
    public void The_context_stage_changes_kind_and_explores_its_whole_neighbour_range()
    {
        var parent = AttributeText.Parse("""
            [MemoryArchitecture("context")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing)]
            [Store(StoreKind.Vector)]
            [Retrieve(RetrieveKind.Cosine)]
            [Context(ContextKind.Ranked, Neighbours = 2, TokenBudget = 500)]
            """);
        var kinds = new HashSet<string>();
        var neighbours = new HashSet<int>();
        var budgets = new HashSet<int>();
        for (var seed = 0; seed < 600; seed++)
        {
            var child = SpecMutator.Mutate(parent, new Random(seed));
            Assert.True(child.Validate().IsValid, child.ToAttributeText());
            if (child.Context is { } context)
            {
                kinds.Add(context.KindName!);
                neighbours.Add(context.GetInt32("Neighbours"));
                budgets.Add(context.GetInt32("TokenBudget"));
            }

            // Sampled stages too: Neighbours starts at 0, so the log-uniform draw must reach 0 and 5.
            if (SpecSampler.Sample(new Random(seed)).Context is { } sampled)
            {
                neighbours.Add(sampled.GetInt32("Neighbours"));
            }
        }

        Assert.Equal(new[] { "Chronological", "Ranked" }, kinds.Order());
        Assert.Equal(Enumerable.Range(0, 6), neighbours.Order());
        Assert.True(budgets.Count > 10, "TokenBudget explored only " + string.Join(", ", budgets));
    }

    [Fact]
    public void Crossover_takes_the_context_stage_or_its_absence_from_either_parent()
    {
        var with = AttributeText.Parse("""
            [MemoryArchitecture("with")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing)]
            [Store(StoreKind.Vector)]
            [Retrieve(RetrieveKind.Cosine)]
            [Context(ContextKind.Chronological, Neighbours = 1)]
            """);
        var without = AttributeText.Parse("""
            [MemoryArchitecture("without")]
            [Encode(EncodeKind.Window)]
            [Embed(EmbedderKind.Hashing)]
            [Store(StoreKind.Vector)]
            [Retrieve(RetrieveKind.Cosine, TopK = 3)]
            """);
        var outcomes = new HashSet<bool>();
        for (var seed = 0; seed < 50; seed++)
        {
            var child = SpecMutator.Crossover(without, with, new Random(seed));
            Assert.True(child.Validate().IsValid);
            outcomes.Add(child.Context is not null);
            Assert.True(child.Context is null || child.Context == with.Context);
        }

        Assert.Equal(2, outcomes.Count);
    }

    [Fact]
    public void Crossover_children_are_valid_and_take_each_stage_from_a_parent()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var first = UserSpec(seed);
            var second = SpecSampler.Sample(new Random(seed + 5000), "other");
            var child = SpecMutator.Crossover(first, second, new Random(seed));

            Assert.True(child.Validate().IsValid, child.Validate().ToString());
            Assert.Equal(first.Name, child.Name);
            Assert.Equal(first.Shape, child.Shape);
            Assert.Equal(first.CustomMethods, child.CustomMethods);
            foreach (var stage in child.Stages)
            {
                Assert.True(
                    first.Stages.Contains(stage) || second.Stages.Contains(stage),
                    $"seed {seed}: {stage} comes from neither parent");
            }
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_child_and_invalid_parents_are_refused()
    {
        var parent = UserSpec(7);
        Assert.Equal(SpecMutator.Mutate(parent, new Random(3)), SpecMutator.Mutate(parent, new Random(3)));
        Assert.Equal(SpecMutator.Crossover(parent, UserSpec(8), new Random(3)), SpecMutator.Crossover(parent, UserSpec(8), new Random(3)));

        var invalid = parent.WithStage(0, parent.Stages[0].With("Prefix", SpecValue.Named("Shouting")));
        var error = Assert.Throws<ArgumentException>(() => SpecMutator.Mutate(invalid, new Random(1)));
        Assert.Equal("parent", error.ParamName);
        Assert.Contains("MEMDSL0003", error.Message, StringComparison.Ordinal);
    }
}
