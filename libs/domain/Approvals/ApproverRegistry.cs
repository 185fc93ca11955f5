using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Custody.Domain.Approvals;

/// <summary>The approvers a signing party trusts: approver id -> P-256 public key.</summary>
public sealed class ApproverRegistry
{
    private readonly FrozenDictionary<string, ApproverKey> _keys;

    public ApproverRegistry(IEnumerable<ApproverKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var byId = new Dictionary<string, ApproverKey>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!byId.TryAdd(key.ApproverId, key))
            {
                throw new ArgumentException($"Approver \"{key.ApproverId}\" is registered twice.", nameof(keys));
            }
        }

        _keys = byId.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public int Count => _keys.Count;

    public bool TryGet(string approverId, [NotNullWhen(true)] out ApproverKey? key) => _keys.TryGetValue(approverId, out key);
}
