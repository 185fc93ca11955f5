using System.Collections.Concurrent;
using Custody.Domain.Hashing;
using Custody.Domain.Policies;
using Custody.Gcp.Firestore;

namespace Custody.Policy.Policies;

/// <summary>
/// The policy this instance evaluates new requests under (its file, loaded at start), and every policy a
/// stored request was evaluated under: a request keeps its policy id, so votes on it are checked against that
/// policy even after the file changed. Each policy's file text is kept in <c>policies/{id}</c>
/// (docs/architecture.md "State") and re-parsed, its id re-checked, when an older request needs it.
/// </summary>
public sealed class LoadedPolicies
{
    public const string Collection = "policies";

    private readonly FirestoreDatabase _database;
    private readonly ConcurrentDictionary<Hash32, Domain.Policies.Policy> _byId = new();

    public LoadedPolicies(PolicyFile current, FirestoreDatabase database)
    {
        ArgumentNullException.ThrowIfNull(current);
        Current = current;
        _database = database;
        _byId[current.Policy.Id] = current.Policy;
    }

    public PolicyFile Current { get; }

    public static DocumentPath PathOf(Hash32 id) => DocumentPath.Of(Collection, id.ToString());

    /// <summary>Stores the current policy's text under its id (idempotent: same id, same canonical content).</summary>
    public Task PublishCurrentAsync(CancellationToken ct) =>
        _database.SetAsync(PathOf(Current.Policy.Id), new FieldMap
        {
            ["policyId"] = FieldValue.String(Current.Policy.Id.ToString()),
            ["name"] = Current.Policy.Name is { } name ? FieldValue.String(name) : FieldValue.Null,
            ["text"] = FieldValue.String(Current.Text),
        }, RawFields.Mapper, ct);

    /// <summary>The policy with <paramref name="id"/>; throws when no instance ever stored it or its text no longer hashes to it.</summary>
    public async Task<Domain.Policies.Policy> GetAsync(Hash32 id, CancellationToken ct)
    {
        if (_byId.TryGetValue(id, out var known))
        {
            return known;
        }

        var stored = await _database.GetAsync(PathOf(id), RawFields.Mapper, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Policy {id} is not stored in {Collection}/.");
        var policy = PolicyParser.Parse(stored.Value.GetString("text"));
        if (policy.Id != id)
        {
            throw new InvalidOperationException($"The text stored as policy {id} hashes to {policy.Id}.");
        }

        return _byId.GetOrAdd(id, policy);
    }
}
