namespace Custody.Contracts.Approvals;

/// <summary>
/// The trusted display of a request awaiting approval (<c>GET /v1/transactions/{requestId}/review</c>,
/// docs/approvals.md "Review"). <see cref="Request"/> is the request exactly as received, so that an approver's
/// tool can decode it and recompute <see cref="IntentHash"/> and the digests itself instead of trusting them.
/// </summary>
/// <param name="DecidedAt">When the policy decided REQUIRE_APPROVAL; the approval window opens here.</param>
/// <param name="WindowClosesAt">DecidedAt + the rule's expirySeconds: no approval may expire later, and the request expires then.</param>
/// <param name="ToSign">The exact digests to sign for APPROVE and for REJECT, both with expiry <see cref="WindowClosesAt"/>.</param>
public sealed record ApprovalReview(
    string RequestId,
    string State,
    TransactionDisplay Transaction,
    string IntentHash,
    string PolicyId,
    RuleDisplay Rule,
    DateTimeOffset DecidedAt,
    DateTimeOffset WindowClosesAt,
    IReadOnlyList<VoteDisplay> Votes,
    IReadOnlyList<DigestToSign> ToSign,
    Events.TransactionRequested Request);

/// <summary>The decoded intent, with the token registry's symbol and decimals and the policy's address-book labels.</summary>
/// <param name="Amount">The amount in token units, e.g. "1.5" (<see cref="AmountBaseUnits"/> / 10^decimals, exact).</param>
/// <param name="DestinationLabels">The address books of the policy that list the destination; empty when none does.</param>
public sealed record TransactionDisplay(
    ulong ChainId,
    string WalletId,
    string WalletAddress,
    string CallKind,
    string Asset,
    string Symbol,
    int Decimals,
    string Amount,
    string AmountBaseUnits,
    string Destination,
    IReadOnlyList<string> DestinationLabels,
    string To,
    string Value,
    string Data,
    string Initiator);

/// <summary>The rule that decided REQUIRE_APPROVAL and what it requires.</summary>
public sealed record RuleDisplay(
    string RuleId,
    string? Description,
    IReadOnlyList<GroupRequirement> Groups,
    IReadOnlyList<string> Mandatory,
    long ExpirySeconds,
    string Summary);

/// <summary>At least <paramref name="Quorum"/> of <paramref name="Members"/> must approve.</summary>
public sealed record GroupRequirement(string Group, int Quorum, IReadOnlyList<string> Members);

/// <summary>A vote recorded so far (its signature is in the evidence, not repeated here).</summary>
public sealed record VoteDisplay(string ApproverId, string Decision, DateTimeOffset ExpiresAt);

/// <summary>The approval digest (docs/approvals.md "Digest") for one decision, 0x + 64 hex.</summary>
public sealed record DigestToSign(string Decision, DateTimeOffset ExpiresAt, string Digest);
