using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;

namespace Custody.Policy.State;

/// <summary>
/// The policy service's part of <c>transactions/{requestId}</c> (ARCHITECTURE.md "State"): the request, the
/// decision with the policy id it was made under, the approval deadline and the votes recorded so far.
/// </summary>
/// <param name="Deadline">Set while PendingApproval: when the approval window closes and the sweeper expires the request.</param>
public sealed record PolicyRecord(
    string RequestId,
    TransactionState State,
    TransactionRequested Request,
    string IntentHash,
    string WalletId,
    string Asset,
    string Amount,
    string PolicyId,
    string Decision,
    string? RuleId,
    DateTimeOffset DecidedAt,
    DateTimeOffset? Deadline,
    IReadOnlyList<RecordedVote> Votes,
    DateTimeOffset UpdatedAt);

/// <summary>A verified vote and when it was recorded.</summary>
public sealed record RecordedVote(SignedApproval Approval, DateTimeOffset RecordedAt);
