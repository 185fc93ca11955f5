using Custody.Contracts.Approvals;
using Custody.Contracts.Events;

namespace Custody.Contracts.Api;

/// <summary>
/// The read model of one request, as <c>GET /v1/transactions/{requestId}</c> returns it and the CLI prints it:
/// where the request is in its lifecycle (docs/architecture.md "State"), why, and what happened on chain.
/// Optional members are null until the stage that sets them has run.
/// </summary>
/// <param name="State">The lifecycle state name (Requested, Validated, Rejected, PendingApproval, Approved, ...).</param>
/// <param name="Reasons">Why the request was rejected (empty otherwise).</param>
/// <param name="Decision">The policy decision: ALLOW, BLOCK or REQUIRE_APPROVAL.</param>
/// <param name="Approvals">The approvers' signed votes so far.</param>
/// <param name="Deadline">When a pending approval expires.</param>
/// <param name="Receipt">The inclusion of the transaction once confirmed.</param>
public sealed record TransactionStatus(
    string RequestId,
    string State,
    string WalletId,
    string? IntentHash,
    IReadOnlyList<RejectionReason> Reasons,
    string? Decision,
    string? RuleId,
    string? PolicyId,
    IReadOnlyList<SignedApproval> Approvals,
    DateTimeOffset? Deadline,
    long? Nonce,
    string? TransactionHash,
    TransactionReceipt? Receipt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string TraceId);

/// <summary>Where a transaction was included: block number (decimal), block hash (0x + 64 hex), confirmations.</summary>
public sealed record TransactionReceipt(string BlockNumber, string BlockHash, int Confirmations);
