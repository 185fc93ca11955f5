using Custody.Domain.Hashing;
using Custody.Domain.Policies;

namespace Custody.Signing.Admission;

/// <summary>
/// The policies a signing party holds, by id (docs/signing.md "What a party holds"): every <c>*.json</c> file of its
/// policy folder, each validated like <c>custody policy check</c>. A request evaluated under a policy this party does
/// not hold is refused: a party never takes the policy text from the request or from the policy service.
/// </summary>
public sealed class PolicyBook
{
    private readonly Dictionary<Hash32, Policy> _byId;

    public PolicyBook(IEnumerable<Policy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        _byId = [];
        foreach (var policy in policies)
        {
            _byId.TryAdd(policy.Id, policy);
        }

        if (_byId.Count == 0)
        {
            throw new InvalidOperationException("a party needs at least one policy");
        }
    }

    public IReadOnlyCollection<Hash32> Ids => _byId.Keys;

    /// <summary>Loads every <c>*.json</c> of <paramref name="directory"/>; an invalid file stops the load with its message.</summary>
    public static PolicyBook Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"The policy directory {directory} does not exist.");
        }

        var files = Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"The policy directory {directory} holds no *.json policy file.");
        }

        return new PolicyBook(files.Select(f => PolicyFile.Load(f).Policy));
    }

    /// <summary>The policy named by <paramref name="policyId"/> (the evidence's text), or false when this party holds none.</summary>
    public bool TryGet(string? policyId, out Policy policy)
    {
        policy = null!;
        return Hash32.TryParse(policyId, out var id) && _byId.TryGetValue(id, out policy!);
    }
}
