using System.Collections.Frozen;
using Custody.Domain.Intents;

namespace Custody.Domain.Policies;

/// <summary>
/// The conditions of a rule; all must hold. A null set means "any". Contract calls (see
/// <see cref="TransactionIntent.IsContractCall"/>) match only when <see cref="ContractCallAllowed"/> is true.
/// </summary>
public sealed record RuleCondition(
    FrozenSet<string>? Wallets,
    FrozenSet<Asset>? Assets,
    DestinationCondition Destination,
    AmountRange? Amount,
    VelocityCondition? Velocity,
    FrozenSet<string>? Initiators,
    bool ContractCallAllowed)
{
    public static RuleCondition Any { get; } = new(null, null, DestinationCondition.Any, null, null, null, false);
}
