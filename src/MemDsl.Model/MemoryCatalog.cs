using System.Collections.Generic;

namespace MemDsl.Model;

/// <summary>
/// Every stage kind MemDsl knows: parameters, defaults, legal ranges and what each stage needs
/// from the others. The single source of truth for the generator, analyzers, runtime and search.
/// </summary>
public static class MemoryCatalog
{
    private static readonly string[] PrefixMembers = { "None", "Speaker", "SpeakerAndDate" };
    private static readonly string[] PolicyMembers = { "Fifo", "Lru" };
    private static readonly string[] PersistenceMembers = { "None", "Sqlite" };

    public static readonly ParameterDescriptor Prefix = ParameterDescriptor.Enum(
        "Prefix", "PrefixKind", "None", PrefixMembers, "What is written before each turn's text: nothing, the speaker, or the date and the speaker.");

    public static readonly ParameterDescriptor WindowSize = ParameterDescriptor.Integer(
        "Size", 3, 2, 64, "How many consecutive turns of one session a record holds (the newest turn and those before it).");

    public static readonly ParameterDescriptor Dimensions = ParameterDescriptor.Integer(
        "Dimensions", 256, 16, 4096, "Length of the hashed feature vector.");

    public static readonly ParameterDescriptor TopK = ParameterDescriptor.Integer(
        "TopK", 8, 1, 1000, "How many hits a query returns.");

    public static readonly ParameterDescriptor Alpha = ParameterDescriptor.Float(
        "Alpha", 0.5f, 0f, 1f, "Weight of the cosine score; BM25 (max-normalized) gets 1 - Alpha.");

    public static readonly ParameterDescriptor Threshold = ParameterDescriptor.Float(
        "Threshold", 0.95f, 0.5f, 1f, "Cosine similarity at or above which a new record is a duplicate of a stored one.");

    public static readonly ParameterDescriptor Max = ParameterDescriptor.Integer(
        "Max", 10_000, 1, 10_000_000, "Most records kept; the store evicts beyond it.");

    public static readonly ParameterDescriptor Policy = ParameterDescriptor.Enum(
        "Policy", "EvictionPolicy", "Fifo", PolicyMembers, "Which record leaves first: the oldest written (Fifo) or the least recently retrieved (Lru).");

    public static readonly ParameterDescriptor Persistence = ParameterDescriptor.Enum(
        "Persistence", "PersistenceKind", "None", PersistenceMembers,
        "Where records live beyond the process: nowhere (None), or a SQLite file in WAL mode whose path comes from MemoryStorageOptions (Sqlite); every write is on disk when its Task completes.",
        isSearchable: false);

    public static readonly ParameterDescriptor Candidates = ParameterDescriptor.Integer(
        "Candidates", 32, 1, 1000, "How many cosine candidates the second phase reranks (at least TopK are taken).");

    public static readonly ParameterDescriptor UtilityWeight = ParameterDescriptor.Float(
        "UtilityWeight", 0.5f, 0f, 1f, "Weight of the learned utility in the rerank; min-max-normalized cosine gets 1 - UtilityWeight.");

    public static readonly ParameterDescriptor LearningRate = ParameterDescriptor.Float(
        "LearningRate", 0.3f, 0.01f, 1f, "How far one feedback moves a record's utility toward the reward.");

    public static readonly ParameterDescriptor Decay = ParameterDescriptor.Float(
        "Decay", 0.995f, 0.5f, 1f, "Recency factor per hour since the record was last retrieved (or written).");

    public static readonly ParameterDescriptor RecencyWeight = ParameterDescriptor.Float(
        "RecencyWeight", 1f, 0f, 1f, "Weight of the min-max-normalized recency.");

    public static readonly ParameterDescriptor ImportanceWeight = ParameterDescriptor.Float(
        "ImportanceWeight", 1f, 0f, 1f, "Weight of the min-max-normalized importance (rated when the record is written).");

    public static readonly ParameterDescriptor RelevanceWeight = ParameterDescriptor.Float(
        "RelevanceWeight", 1f, 0f, 1f, "Weight of the min-max-normalized cosine relevance.");

    public static readonly ParameterDescriptor Lambda = ParameterDescriptor.Float(
        "Lambda", 0.7f, 0f, 1f, "Maximal marginal relevance: Lambda * relevance - (1 - Lambda) * the highest similarity to a hit already chosen.");

    public static readonly ParameterDescriptor PruneBelow = ParameterDescriptor.Float(
        "PruneBelow", 0.2f, 0f, 1f, "A record whose score (successes + 1) / (uses + 2) is below this is removed by ManageAsync.");

    public static readonly ParameterDescriptor MinUses = ParameterDescriptor.Integer(
        "MinUses", 3, 1, 1000, "Retrievals a record must have had before it can be pruned.");

    public static readonly ParameterDescriptor Similarity = ParameterDescriptor.Float(
        "Similarity", 0.6f, 0f, 1f, "Cosine at or above which a stored record about the same subject states the same fact as a new one.");

    /// <summary>The largest legal <see cref="Neighbours"/>.</summary>
    public const int MaxNeighbours = 5;

    public static readonly ParameterDescriptor Neighbours = ParameterDescriptor.Integer(
        "Neighbours", 0, 0, MaxNeighbours, "For each hit, how many records of the same session written just before it and just after it are added next to it (same score, marked IsNeighbour).");

    public static readonly ParameterDescriptor TokenBudget = ParameterDescriptor.Integer(
        "TokenBudget", 0, 0, 100_000, "Most context tokens (words, numbers and punctuation marks of the record text) the hits may hold; hits are taken in order until the next would exceed it. 0 = unlimited.");

    public static readonly ParameterDescriptor CoreQuota = ParameterDescriptor.Integer(
        "CoreQuota", 2, 0, 100, "Routed store: most hits a query takes from the core store (its best ones by the retriever's score).");

    public static readonly ParameterDescriptor SemanticQuota = ParameterDescriptor.Integer(
        "SemanticQuota", 3, 0, 100, "Routed store: most hits a query takes from the semantic store.");

    public static readonly ParameterDescriptor CoreMax = ParameterDescriptor.Integer(
        "CoreMax", 32, 1, 10_000, "Routed store: most records the core store holds; beyond it the least important (ImportanceHeuristic, ties: the oldest) leaves.");

    public static readonly ParameterDescriptor CoreTokens = ParameterDescriptor.Integer(
        "CoreTokens", 128, 0, 10_000, "Tiered store: most tokens (words, numbers and punctuation marks of the record text) the core block holds.");

    public static readonly ParameterDescriptor RecallSize = ParameterDescriptor.Integer(
        "RecallSize", 20, 1, 100_000, "Tiered store: most records the recall tier keeps after sleep-time manage; the oldest beyond it move to archival.");

    public static readonly ParameterDescriptor Chunks = ParameterDescriptor.Integer(
        "Chunks", 3, 1, 100, "How many sessions (chunks) the first phase keeps, by cosine between the query and each session's mean vector; the hits come from their records only.");

    public static readonly ParameterDescriptor Seeds = ParameterDescriptor.Integer(
        "Seeds", 5, 1, 1000, "How many cosine hits seed the graph expansion (at most TopK); the rest of the TopK ranks go to records linked to them through shared entities, then to the next cosine hits.");

    public static readonly ParameterDescriptor Hops = ParameterDescriptor.Integer(
        "Hops", 1, 1, 3, "How many record-entity-record steps the expansion takes from the seeds.");

    public static readonly ParameterDescriptor Fanout = ParameterDescriptor.Integer(
        "Fanout", 20, 1, 10_000, "An entity named by more records than this is not followed (a name in every turn links everything).");

    public static readonly ParameterDescriptor Links = ParameterDescriptor.Integer(
        "Links", 3, 1, 20, "How many nearest notes (by cosine) a new note links to, both ways; each linked note takes the new note's names and keywords as tags (A-MEM's memory evolution).");

    public static readonly ParameterDescriptor Quantization = ParameterDescriptor.Enum(
        "Quantization", "QuantizationKind", "None", new[] { "None", "Int8" },
        "Whether cosine retrieval scans an int8 copy of the vectors (a quarter of the bytes, kept in step with every write) for 4k candidates and rescores them on the float32 vectors (Int8), or scans the float32 vectors (None).",
        isSearchable: false);

    private static readonly string[] ExperienceUnitMembers = { "Session", "Window" };

    public static readonly ParameterDescriptor Items = ParameterDescriptor.Integer(
        "Items", 3, 1, 64, "Most strategy items one experience keeps: its most salient turns (decisions, outcomes, facts), one record each; a more salient turn displaces the weakest.");

    public static readonly ParameterDescriptor Unit = ParameterDescriptor.Enum(
        "Unit", "ExperienceUnit", "Session", ExperienceUnitMembers, "What one experience is: a whole session (Session) or each run of Span consecutive turns of a session (Window).");

    public static readonly ParameterDescriptor Span = ParameterDescriptor.Integer(
        "Span", 10, 2, 256, "Turns per experience when Unit is Window.");

    public static readonly ParameterDescriptor RelativeCut = ParameterDescriptor.Float(
        "RelativeCut", 0.5f, 0f, 1f, "Refine: a hit scoring below this share of the top hit's cosine is dropped.");

    public static readonly ParameterDescriptor Redundancy = ParameterDescriptor.Float(
        "Redundancy", 0.9f, 0.5f, 1f, "Refine: a hit whose cosine with a higher kept hit reaches this is dropped, merged into that hit.");

    public static readonly ParameterDescriptor PruneAfter = ParameterDescriptor.Integer(
        "PruneAfter", 0, 0, 1000, "Refine: a record retrieved at least this many times and never rewarded by feedback is dropped from the hits (on a store with per-record statistics); 0 = never.");

    /// <summary>
    /// Most UTF-16 code units a turn's text (and a query's text) may hold; longer input is rejected
    /// with an <c>ArgumentException</c>, never truncated, so a stored record is always what was written.
    /// </summary>
    public const int MaxTextLength = 65_536;

    /// <summary>Most UTF-16 code units a turn's id, speaker or session may hold.</summary>
    public const int MaxIdentifierLength = 1_024;

    /// <summary>The dimension of the all-MiniLM-L6-v2 embeddings.</summary>
    public const int MiniLMDimensions = 384;

    public static readonly StageDescriptor Encode = new(StageSlot.Encode, "Encode", "EncodeKind", isRequired: true, allowsSeveralKinds: false, new[]
    {
        new StageKindDescriptor(StageSlot.Encode, "Turn", "One record per turn.", new[] { Prefix }),
        new StageKindDescriptor(StageSlot.Encode, "Window", "One record per turn holding it and the turns before it in the same session.", new[] { WindowSize, Prefix }),
        new StageKindDescriptor(StageSlot.Encode, "Session", "One record per session, growing as its turns arrive.", new[] { Prefix }),
        new StageKindDescriptor(
            StageSlot.Encode,
            "Distill",
            "ReasoningBank's distillation, LLM-free: each experience keeps its Items most salient turns as strategy items (key-phrase title, the question it answers, the decision, outcome and fact sentences), one record each; small talk becomes no record.",
            new[] { Items, Unit, Span, Prefix }),
    });

    public static readonly StageDescriptor Embed = new(StageSlot.Embed, "Embed", "EmbedderKind", isRequired: true, allowsSeveralKinds: false, new[]
    {
        new StageKindDescriptor(StageSlot.Embed, "MiniLM", "all-MiniLM-L6-v2 (384-d); the pipeline takes it as an IEmbeddingGenerator from the caller or DI.", Array.Empty<ParameterDescriptor>()),
        new StageKindDescriptor(StageSlot.Embed, "Hashing", "Deterministic feature hashing of word unigrams and bigrams; no model.", new[] { Dimensions }),
    });

    public static readonly StageDescriptor Store = new(StageSlot.Store, "Store", "StoreKind", isRequired: true, allowsSeveralKinds: false, new[]
    {
        new StageKindDescriptor(StageSlot.Store, "Vector", "In-memory vectors (structure of arrays) and records, optionally persisted.", new[] { Persistence, Quantization }, provides: Capabilities.StoredVectors),
        new StageKindDescriptor(StageSlot.Store, "VectorAndText", "In-memory vectors plus a BM25 index over the record text, optionally persisted.", new[] { Persistence, Quantization }, provides: Capabilities.StoredVectors | Capabilities.IndexedText),
        new StageKindDescriptor(
            StageSlot.Store,
            "Tracked",
            "In-memory vectors, a BM25 index, a time index and per-record statistics (uses, successes, utility, importance, last use) that retrievals and feedback update; not persisted.",
            new[] { Quantization },
            provides: Capabilities.StoredVectors | Capabilities.IndexedText | Capabilities.TimeIndex | Capabilities.ItemStats),
        new StageKindDescriptor(
            StageSlot.Store,
            "Routed",
            "Mem-alpha's several stores, routed on write without a model: every record goes to the episodic store; a first-person durable statement about the speaker (identity, preferences) is also copied to the core store (at most CoreMax records, the least important leaves) and a fact-like statement to the semantic store. The retriever runs in each store; a query takes up to CoreQuota hits from core, up to SemanticQuota from semantic and fills the rest from episodic, one hit per record, ordered by score. Each store keeps vectors and a BM25 index; not persisted.",
            new[] { CoreQuota, SemanticQuota, CoreMax },
            provides: Capabilities.StoredVectors | Capabilities.IndexedText),
        new StageKindDescriptor(
            StageSlot.Store,
            "Tiered",
            "Letta/MemGPT tiers: every record is kept in the history and lands in the recall tier; ManageAsync (sleep-time) moves the oldest records beyond RecallSize to the archival tier and rewrites the core block: the most important records (ImportanceHeuristic) within CoreTokens tokens. The retriever runs in each tier; a query returns the core block's hits first, then recall and archival hits by score. Each tier keeps vectors and a BM25 index; not persisted.",
            new[] { CoreTokens, RecallSize },
            provides: Capabilities.StoredVectors | Capabilities.IndexedText),
        new StageKindDescriptor(
            StageSlot.Store,
            "Hierarchical",
            "Everything Tracked keeps (vectors, a BM25 index, a time index, per-record statistics) plus a summary key per session (HCAM's chunk summary: the mean of the session's record vectors), kept current on every write and removal; not persisted.",
            Array.Empty<ParameterDescriptor>(),
            provides: Capabilities.StoredVectors | Capabilities.IndexedText | Capabilities.TimeIndex | Capabilities.ItemStats | Capabilities.SessionSummaries),
        new StageKindDescriptor(
            StageSlot.Store,
            "Graph",
            "Everything Tracked keeps plus an entity graph (AriGraph-lite): the names in each record, extracted without a model when it is written, and per name the records naming it; kept current on every write and removal; not persisted.",
            Array.Empty<ParameterDescriptor>(),
            provides: Capabilities.StoredVectors | Capabilities.IndexedText | Capabilities.TimeIndex | Capabilities.ItemStats | Capabilities.EntityGraph),
        new StageKindDescriptor(
            StageSlot.Store,
            "Notes",
            "Everything Tracked keeps, each record a note (A-MEM): keywords, tags (the names it mentions) and links to its Links nearest notes; a new note evolves the notes it links to, which take its names and keywords as tags, indexed with their text; not persisted.",
            new[] { Links },
            provides: Capabilities.StoredVectors | Capabilities.IndexedText | Capabilities.TimeIndex | Capabilities.ItemStats | Capabilities.LinkedNotes),
    });

    public static readonly StageDescriptor Retrieve = new(StageSlot.Retrieve, "Retrieve", "RetrieveKind", isRequired: true, allowsSeveralKinds: false, new[]
    {
        new StageKindDescriptor(StageSlot.Retrieve, "Cosine", "Exact cosine top-k over the stored vectors.", new[] { TopK }, requires: Capabilities.StoredVectors),
        new StageKindDescriptor(StageSlot.Retrieve, "Bm25", "BM25 (k1 = 1.2, b = 0.75) top-k over the indexed text.", new[] { TopK }, requires: Capabilities.IndexedText),
        new StageKindDescriptor(StageSlot.Retrieve, "Hybrid", "Alpha * cosine + (1 - Alpha) * max-normalized BM25, top-k.", new[] { TopK, Alpha }, requires: Capabilities.StoredVectors | Capabilities.IndexedText),
        new StageKindDescriptor(
            StageSlot.Retrieve,
            "Utility",
            "Two phases (MemRL): cosine top-Candidates, then rerank by (1 - UtilityWeight) * normalized cosine + UtilityWeight * the record's learned utility; feedback moves the utility toward the reward.",
            new[] { TopK, Candidates, UtilityWeight, LearningRate },
            requires: Capabilities.StoredVectors | Capabilities.ItemStats),
        new StageKindDescriptor(
            StageSlot.Retrieve,
            "Generative",
            "Generative Agents: RecencyWeight * recency + ImportanceWeight * importance + RelevanceWeight * cosine, each min-max-normalized over the store; recency is Decay per hour since the last retrieval.",
            new[] { TopK, Decay, RecencyWeight, ImportanceWeight, RelevanceWeight },
            requires: Capabilities.StoredVectors | Capabilities.TimeIndex | Capabilities.ItemStats),
        new StageKindDescriptor(
            StageSlot.Retrieve,
            "Temporal",
            "Coarse to fine (Memory-T1): resolves the query's time expression against its AsOf to a window, keeps the records inside it and ranks them by cosine; plain cosine when the query names no time or nothing falls inside.",
            new[] { TopK },
            requires: Capabilities.StoredVectors | Capabilities.TimeIndex),
        new StageKindDescriptor(
            StageSlot.Retrieve,
            "Mmr",
            "Diversity-aware: cosine top-Candidates, then greedy maximal marginal relevance with weight Lambda.",
            new[] { TopK, Candidates, Lambda },
            requires: Capabilities.StoredVectors),
        new StageKindDescriptor(
            StageSlot.Retrieve,
            "Hierarchical",
            "Coarse to fine (HCAM): the Chunks sessions whose summary key (mean vector) is nearest the query by cosine, then cosine top-k over the records of those sessions only.",
            new[] { TopK, Chunks },
            requires: Capabilities.StoredVectors | Capabilities.SessionSummaries),
        new StageKindDescriptor(
            StageSlot.Retrieve,
            "Graph",
            "AriGraph-lite: the Seeds best records by cosine, then records linked to them through entities they share (up to Hops steps, entities named by at most Fanout records), ranked by cosine; the next cosine hits fill what is left of TopK.",
            new[] { TopK, Seeds, Hops, Fanout },
            requires: Capabilities.StoredVectors | Capabilities.EntityGraph),
        new StageKindDescriptor(
            StageSlot.Retrieve,
            "Notes",
            "A-MEM: the Seeds best notes by Alpha * cosine + (1 - Alpha) * max-normalized BM25 over the notes' text and tags, then the notes they link to, then the next best notes fill TopK; all ordered by that score.",
            new[] { TopK, Seeds, Alpha },
            requires: Capabilities.StoredVectors | Capabilities.IndexedText | Capabilities.LinkedNotes),
        new StageKindDescriptor(
            StageSlot.Retrieve,
            "Refine",
            "ReMem's retrieve-then-refine, LLM-free judge: cosine top-Candidates, then, walking down the ranking, a hit below RelativeCut * the top score, a near-duplicate of a kept hit (cosine >= Redundancy) and, with per-record statistics, a record retrieved PruneAfter times and never rewarded are dropped; up to TopK hits remain.",
            new[] { TopK, Candidates, RelativeCut, Redundancy, PruneAfter },
            requires: Capabilities.StoredVectors),
    });

    public static readonly StageDescriptor Manage = new(StageSlot.Manage, "Manage", "ManageKind", isRequired: false, allowsSeveralKinds: true, new[]
    {
        new StageKindDescriptor(StageSlot.Manage, "None", "Keeps everything.", Array.Empty<ParameterDescriptor>()),
        new StageKindDescriptor(StageSlot.Manage, "Dedupe", "Skips a write whose vector is a near-duplicate of a stored record; ManageAsync removes older near-duplicates.", new[] { Threshold }, requires: Capabilities.StoredVectors),
        new StageKindDescriptor(StageSlot.Manage, "Capacity", "Keeps at most Max records, evicting by Policy.", new[] { Max, Policy }),
        new StageKindDescriptor(
            StageSlot.Manage,
            "Utility",
            "EvolveR-style pruning: a record's score is (successes + 1) / (uses + 2); ManageAsync removes records used at least MinUses times scoring below PruneBelow.",
            new[] { PruneBelow, MinUses },
            requires: Capabilities.ItemStats),
        new StageKindDescriptor(
            StageSlot.Manage,
            "Update",
            "Memory-R1's operations, rule-based: a new record about the same subject as a stored one with cosine >= Similarity updates it (the old one is removed), deletes it when it is a retraction, is dropped when it says the same; otherwise it is added.",
            new[] { Similarity },
            requires: Capabilities.StoredVectors),
    });

    public static readonly StageDescriptor Context = new(StageSlot.Context, "Context", "ContextKind", isRequired: false, allowsSeveralKinds: false, new[]
    {
        new StageKindDescriptor(StageSlot.Context, "Ranked", "The hits in the retriever's order (what a declaration without [Context] gets), each followed by its session neighbours, cut at the token budget.", new[] { Neighbours, TokenBudget }),
        new StageKindDescriptor(StageSlot.Context, "Chronological", "The same hits ordered by record time (ties by id), each with its session neighbours, cut at the token budget.", new[] { Neighbours, TokenBudget }),
    });

    /// <summary>Every stage, indexed by <see cref="StageSlot"/>.</summary>
    public static readonly IReadOnlyList<StageDescriptor> Stages = new[] { Encode, Embed, Store, Retrieve, Manage, Context };

    public static readonly CustomStageDescriptor EncodeWith = new(
        StageSlot.Encode,
        "EncodeWith",
        KnownNames.StringType,
        new[] { KnownNames.TurnType },
        "static string Method(in Turn turn)",
        "Replaces the text the encoder writes for each turn.");

    public static readonly CustomStageDescriptor ScoreWith = new(
        StageSlot.Retrieve,
        "ScoreWith",
        KnownNames.FloatType,
        new[] { KnownNames.MemoryHitType, KnownNames.QueryContextType },
        "static float Method(in MemoryHit hit, in QueryContext query)",
        "Rescores the retriever's top-k hits; they are then ordered by the new score.");

    public static readonly IReadOnlyList<CustomStageDescriptor> CustomStages = new[] { EncodeWith, ScoreWith };

    public static StageDescriptor Get(StageSlot slot) => Stages[(int)slot];

    public static StageDescriptor? FindByAttributeName(string attributeName)
    {
        foreach (var stage in Stages)
        {
            if (stage.AttributeName == attributeName || stage.AttributeClassName == attributeName)
            {
                return stage;
            }
        }

        return null;
    }

    public static CustomStageDescriptor? FindCustomStage(string attributeName)
    {
        foreach (var stage in CustomStages)
        {
            if (stage.AttributeName == attributeName || stage.AttributeName + "Attribute" == attributeName)
            {
                return stage;
            }
        }

        return null;
    }

    /// <summary>Finds the stage that owns a parameter name (parameter names are unique across stages).</summary>
    public static (StageDescriptor Stage, ParameterDescriptor Parameter)? FindParameter(string name)
    {
        foreach (var stage in Stages)
        {
            foreach (var parameter in stage.AllParameters())
            {
                if (parameter.Name == name)
                {
                    return (stage, parameter);
                }
            }
        }

        return null;
    }
}
