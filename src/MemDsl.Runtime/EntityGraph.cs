namespace MemDsl.Runtime;

/// <summary>
/// What a <see cref="StoreKind.Graph"/> store keeps beyond its records (AriGraph-lite): a bipartite
/// graph between records (AriGraph's episodic vertices) and the entities named in them
/// (<see cref="EntityNames"/>, extracted when a record is written). Two records that name the same
/// entity are linked through it; a co-mention stands in for AriGraph's relation edge. The store keeps
/// it current on every write, replacement and removal; callers hold the store's lock.
/// </summary>
public sealed class EntityGraph
{
    private readonly Dictionary<string, int> _entityByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _names = [];
    private readonly List<HashSet<long>> _records = [];
    private readonly Dictionary<long, int[]> _entitiesByRecord = [];
    private readonly List<string> _scratch = [];

    /// <summary>Entities named so far (an entity no stored record names any more keeps its number).</summary>
    public int EntityCount => _names.Count;

    /// <summary>The entity's name as first written.</summary>
    public string GetName(int entity) => _names[entity];

    /// <summary>The number of the entity called <paramref name="name"/> (ignoring case), if any record named it.</summary>
    public bool TryGetEntity(string name, out int entity)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _entityByName.TryGetValue(name, out entity);
    }

    /// <summary>The entities record <paramref name="id"/> names, in the order they appear; empty for an unknown id.</summary>
    public ReadOnlySpan<int> EntitiesOf(long id) => _entitiesByRecord.TryGetValue(id, out var entities) ? entities : [];

    /// <summary>The ids of the stored records that name <paramref name="entity"/> (its degree is their count).</summary>
    public IReadOnlyCollection<long> RecordsOf(int entity) => _records[entity];

    internal void Add(MemoryRecord record)
    {
        _scratch.Clear();
        EntityNames.Extract(record.Text, _scratch);
        var entities = _scratch.Count == 0 ? [] : new int[_scratch.Count];
        for (var i = 0; i < entities.Length; i++)
        {
            var name = _scratch[i];
            if (!_entityByName.TryGetValue(name, out var entity))
            {
                entity = _names.Count;
                _names.Add(name);
                _records.Add([]);
                _entityByName.Add(name, entity);
            }

            _records[entity].Add(record.Id);
            entities[i] = entity;
        }

        _entitiesByRecord[record.Id] = entities;
    }

    internal void Remove(long id)
    {
        if (!_entitiesByRecord.Remove(id, out var entities))
        {
            return;
        }

        foreach (var entity in entities)
        {
            _records[entity].Remove(id);
        }
    }
}
