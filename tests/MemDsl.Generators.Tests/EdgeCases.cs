namespace MemDsl.Generators.Tests;

/// <summary>Declarations that exercise the generator's edge cases; each has checked-in baselines.</summary>
internal static class EdgeCases
{
    public static readonly IReadOnlyDictionary<string, string> All = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["DurableHashing"] = """
            using MemDsl.Abstractions;

            namespace Acme.Durable;

            [MemoryArchitecture("durable-hybrid")]
            [Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
            [Embed(EmbedderKind.Hashing, Dimensions = 64)]
            [Store(StoreKind.VectorAndText, Persistence = PersistenceKind.Sqlite)]
            [Retrieve(RetrieveKind.Hybrid, TopK = 5)]
            [Manage(ManageKind.Capacity, Max = 3)]
            public sealed partial class DurableMemory { }
            """,
        ["DurableMiniLM"] = """
            using MemDsl.Abstractions;

            namespace Acme.Durable;

            [MemoryArchitecture("durable-minilm")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.MiniLM)]
            [Store(StoreKind.Vector, Persistence = PersistenceKind.Sqlite)]
            [Retrieve(RetrieveKind.Cosine)]
            public sealed partial class DurableSemanticMemory { }
            """,
        ["DurableInt8"] = """
            using MemDsl.Abstractions;

            namespace Acme.Durable;

            [MemoryArchitecture("durable-int8")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.MiniLM)]
            [Store(StoreKind.Vector, Persistence = PersistenceKind.Sqlite, Quantization = QuantizationKind.Int8)]
            [Retrieve(RetrieveKind.Cosine)]
            public sealed partial class QuantizedMemory { }
            """,
        ["GlobalNamespace"] = """
            using MemDsl.Abstractions;

            [MemoryArchitecture("global")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing)]
            [Store(StoreKind.Vector)]
            [Retrieve(RetrieveKind.Cosine, TopK = 4)]
            public sealed partial class GlobalMemory { }
            """,
        ["FileScopedNamespace"] = """
            using MemDsl.Abstractions;

            namespace Acme.Agents;

            [MemoryArchitecture("window-bm25")]
            [Encode(EncodeKind.Window, Size = 4, Prefix = PrefixKind.SpeakerAndDate)]
            [Embed(EmbedderKind.Hashing, Dimensions = 64)]
            [Store(StoreKind.VectorAndText)]
            [Retrieve(RetrieveKind.Bm25, TopK = 5)]
            [Manage(ManageKind.None)]
            [Manage(ManageKind.Capacity, Max = 100, Policy = EvictionPolicy.Lru)]
            [Search(nameof(RetrieveAttribute.TopK), 2, 32)]
            public sealed partial class WindowMemory { }
            """,
        ["BlockNamespaceNested"] = """
            using MemDsl.Abstractions;

            namespace Acme.Agents
            {
                public partial class Agent
                {
                    [MemoryArchitecture("session-hybrid")]
                    [Encode(EncodeKind.Session, Prefix = PrefixKind.Speaker)]
                    [Embed(EmbedderKind.Hashing, Dimensions = 128)]
                    [Store(StoreKind.VectorAndText)]
                    [Retrieve(RetrieveKind.Hybrid, TopK = 6, Alpha = 0.6f)]
                    [Manage(ManageKind.Dedupe, Threshold = 0.9f)]
                    [Search(nameof(RetrieveAttribute.Alpha), 0.25, 0.75)]
                    internal sealed partial class SessionMemory { }
                }
            }
            """,
        ["GenericContainer"] = """
            using MemDsl.Abstractions;

            namespace Acme.Generic
            {
                public partial class Host<TState>
                {
                    [MemoryArchitecture("generic-host")]
                    [Encode(EncodeKind.Turn, Prefix = PrefixKind.Speaker)]
                    [Embed(EmbedderKind.Hashing, Dimensions = 32)]
                    [Store(StoreKind.Vector)]
                    [Retrieve(RetrieveKind.Cosine)]
                    [Manage(ManageKind.Capacity, Max = 50)]
                    public sealed partial class Memory { }
                }
            }
            """,
        ["CustomMethods"] = """
            using MemDsl.Abstractions;

            namespace Acme.Custom;

            [MemoryArchitecture("custom \"stages\"")]
            [Encode(EncodeKind.Turn)]
            [Embed(EmbedderKind.Hashing, Dimensions = 64)]
            [Store(StoreKind.VectorAndText)]
            [Retrieve(RetrieveKind.Hybrid, TopK = 3, Alpha = 0.3f)]
            [Manage(ManageKind.Dedupe, Threshold = 0.97f)]
            [Manage(ManageKind.Capacity, Max = 1000, Policy = EvictionPolicy.Fifo)]
            public sealed partial class CustomMemory
            {
                [EncodeWith]
                private static string Encode(in Turn turn) => turn.Speaker + ": " + turn.Text;

                [ScoreWith]
                private static float Boost(in MemoryHit hit, in QueryContext query) => hit.Score * query.Recency(hit);
            }
            """,
        ["MiniLM"] = """
            using MemDsl.Abstractions;

            namespace Acme.Semantic
            {
                [MemoryArchitecture("exp-rag")]
                [Encode(EncodeKind.Turn, Prefix = PrefixKind.SpeakerAndDate)]
                [Embed(EmbedderKind.MiniLM)]
                [Store(StoreKind.VectorAndText)]
                [Retrieve(RetrieveKind.Hybrid, TopK = 8, Alpha = 0.6f)]
                [Manage(ManageKind.Dedupe, Threshold = 0.95f)]
                public sealed partial class ExpRagMemory { }
            }
            """,
        ["PrivateNested"] = """
            using MemDsl.Abstractions;

            namespace Acme.Hidden
            {
                internal partial struct Holder
                {
                    [MemoryArchitecture("hidden")]
                    [Encode(EncodeKind.Turn)]
                    [Embed(EmbedderKind.MiniLM)]
                    [Store(StoreKind.Vector)]
                    [Retrieve(RetrieveKind.Cosine, TopK = 2)]
                    private sealed partial class HiddenMemory { }
                }
            }
            """,
    };
}
