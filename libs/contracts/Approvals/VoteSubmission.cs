namespace Custody.Contracts.Approvals;

/// <summary>
/// The body of <c>POST /v1/transactions/{requestId}/approvals</c>: one approver's signed vote. The request id,
/// intent hash and policy id are the request's own; the signature covers them (docs/approvals.md "Digest").
/// </summary>
/// <param name="Decision">"APPROVE" or "REJECT".</param>
/// <param name="ExpiresAt">RFC 3339 with an explicit offset (Z or ±hh:mm), whole seconds; at most the request's window end.</param>
/// <param name="Signature">0x + 128 hex: ECDSA P-256 over the digest, IEEE P1363 r||s.</param>
public sealed record VoteSubmission(string ApproverId, string Decision, string ExpiresAt, string Signature);

/// <summary>The state of the request after a vote was recorded, and what is still missing.</summary>
public sealed record VoteOutcome(string RequestId, string State, IReadOnlyList<VoteDisplay> Votes, IReadOnlyList<string> Missing);

/// <summary>One request awaiting approval, as listed by <c>GET /v1/approvals/pending</c>.</summary>
public sealed record PendingApproval(
    string RequestId,
    string WalletId,
    string IntentHash,
    string PolicyId,
    string RuleId,
    IReadOnlyList<GroupRequirement> Groups,
    IReadOnlyList<string> Mandatory,
    DateTimeOffset WindowClosesAt,
    IReadOnlyList<VoteDisplay> Votes);
