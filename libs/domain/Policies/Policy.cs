using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Custody.Domain.Hashing;
using Custody.Ethereum;

namespace Custody.Domain.Policies;

/// <summary>
/// A validated policy (docs/policy.md). Its <see cref="Id"/> is the SHA-256 of the canonical form of the
/// policy file. Built only by <see cref="PolicyParser"/>.
/// </summary>
public sealed class Policy
{
    internal Policy(
        Hash32 id, string? name, FrozenDictionary<string, FrozenSet<Address>> addressBooks,
        FrozenDictionary<string, ImmutableArray<string>> approverGroups, ImmutableArray<PolicyRule> rules,
        FrozenDictionary<ulong, FeeCap> feeCaps)
    {
        Id = id;
        Name = name;
        AddressBooks = addressBooks;
        ApproverGroups = approverGroups;
        Rules = rules;
        FeeCaps = feeCaps;
        UsesVelocity = rules.Any(r => r.When.Velocity is not null);
    }

    /// <summary>Policy file format version understood by this code.</summary>
    public const int FormatVersion = 1;

    /// <summary>SHA-256 of the canonical JSON of the policy file (docs/policy.md "Policy id").</summary>
    public Hash32 Id { get; }

    public string? Name { get; }

    public FrozenDictionary<string, FrozenSet<Address>> AddressBooks { get; }

    /// <summary>Approver group name -> approver ids, in file order.</summary>
    public FrozenDictionary<string, ImmutableArray<string>> ApproverGroups { get; }

    /// <summary>The rules in evaluation order: the first that matches decides.</summary>
    public ImmutableArray<PolicyRule> Rules { get; }

    /// <summary>
    /// Whether any rule has a velocity condition. Only then does a decision need the wallet's velocity history, so a
    /// policy without one spares every decision that query.
    /// </summary>
    public bool UsesVelocity { get; }

    /// <summary>Chain id -> the fee cap on that chain (docs/policy.md "Fee caps").</summary>
    public FrozenDictionary<ulong, FeeCap> FeeCaps { get; }

    /// <summary>
    /// The fee cap for <paramref name="chainId"/>. False when the policy has none: the signer and every co-signer
    /// then refuse to sign on that chain (the safe default; docs/policy.md "Fee caps").
    /// </summary>
    public bool TryGetFeeCap(ulong chainId, [NotNullWhen(true)] out FeeCap? cap) => FeeCaps.TryGetValue(chainId, out cap);
}
