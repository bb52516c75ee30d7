using MemDsl.Abstractions;
using MemDsl.Model;

namespace MemDsl.Runtime.Tests;

/// <summary>Durable declarations and their pipelines, shared by the durability tests.</summary>
internal static class DurableSpecs
{
    public static ArchitectureSpec Spec(string store = "VectorAndText", int dimensions = 64, string name = "durable", params StageSpec[] managers)
    {
        var stages = new List<StageSpec>
        {
            new(StageSlot.Encode, "Turn", new ParameterValue("Prefix", SpecValue.Named("Speaker"))),
            new(StageSlot.Embed, "Hashing", new ParameterValue("Dimensions", SpecValue.Integer(dimensions))),
            new(StageSlot.Store, store, new ParameterValue("Persistence", SpecValue.Named("Sqlite"))),
            new(StageSlot.Retrieve, store == "Vector" ? "Cosine" : "Hybrid", new ParameterValue("TopK", SpecValue.Integer(5))),
        };
        stages.AddRange(managers);
        return new ArchitectureSpec(name, stages.ToArray());
    }

    public static InterpretedPipeline Open(string path, ArchitectureSpec? spec = null) =>
        InterpretedPipeline.Create(spec ?? Spec(), new InterpretedPipelineOptions { Storage = new MemoryStorageOptions { Path = path } });

    /// <summary>Every record and vector in the file, by id (opens and closes the store).</summary>
    public static List<(MemoryRecord Record, float[] Vector, long LastAccess)> ReadBack(string path, int dimensions = 64, string embedder = "Hashing")
    {
        using var store = MemoryStore.OpenDurable(path, dimensions, indexText: false, embedder);
        var records = new List<(MemoryRecord, float[], long)>();
        for (var slot = 0; slot < store.Count; slot++)
        {
            records.Add((store.GetRecord(slot), store.GetVector(slot).ToArray(), store.GetLastAccess(slot)));
        }

        records.Sort((a, b) => a.Item1.Id.CompareTo(b.Item1.Id));
        return records;
    }
}
