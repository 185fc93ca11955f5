using Custody.Contracts.Api;
using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;

namespace Custody.State;

/// <summary>
/// The shared document <c>transactions/{requestId}</c> (docs/state.md, "transactions"): one per request,
/// created by intake, advanced by each stage with a conditional state change (<see cref="TransactionStore"/>).
/// Optional members are null (or empty) until the stage that owns them sets them; add members here, with
/// their fields in <see cref="TransactionRecordMapper"/>, rather than writing loose fields.
/// </summary>
public sealed record TransactionRecord
{
    public required string RequestId { get; init; }

    /// <summary><see cref="RequestFingerprint"/> of the body as first received.</summary>
    public required string BodyHash { get; init; }

    public required TransactionState State { get; init; }

    public required string WalletId { get; init; }

    /// <summary>The request exactly as first received.</summary>
    public required TransactionRequested Request { get; init; }

    /// <summary>Who submitted it over HTTP (the token's owner claim: subject or client id); null for Pub/Sub.</summary>
    public string? Owner { get; init; }

    /// <summary>0x + 64 hex, once the intent was derived (valid requests).</summary>
    public string? IntentHash { get; init; }

    /// <summary>Why the request was rejected (empty unless <see cref="State"/> is Rejected).</summary>
    public IReadOnlyList<RejectionReason> Reasons { get; init; } = [];

    /// <summary>The policy decision (ALLOW, BLOCK, REQUIRE_APPROVAL), rule and policy id it was made under.</summary>
    public string? Decision { get; init; }

    public string? RuleId { get; init; }

    public string? PolicyId { get; init; }

    /// <summary>When the policy decided (the start of the approval window).</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The approvers' signed votes so far, in the order received.</summary>
    public IReadOnlyList<SignedApproval> Approvals { get; init; } = [];

    /// <summary>When a pending approval expires (persisted so any instance can sweep it).</summary>
    public DateTimeOffset? Deadline { get; init; }

    public long? Nonce { get; init; }

    public string? TransactionHash { get; init; }

    /// <summary>
    /// The signer's unsigned EIP-1559 transaction as JSON (libs/ethereum TransactionJson), recorded with the nonce when
    /// signing starts so a redelivery or a restarted signer signs exactly the same bytes (docs/signing.md "The signer").
    /// </summary>
    public string? UnsignedTransaction { get; init; }

    /// <summary>0x-hex of the signed transaction, once Signed.</summary>
    public string? RawTransaction { get; init; }

    /// <summary>Which parties signed, or why signing failed, in the signer's words (for operators; no secrets).</summary>
    public string? SigningNote { get; init; }

    /// <summary>
    /// The transaction-approved event (JSON) the request was first signed under, recorded when signing starts: a fee
    /// replacement is signed under the same evidence, which every party verifies again (docs/signing.md "Fee replacements").
    /// </summary>
    public string? ApprovedEvent { get; init; }

    /// <summary>The fee replacement the signer handled last (docs/signing.md "Fee replacements"); null before any.</summary>
    public TransactionReplacement? Replacement { get; init; }

    /// <summary>The hashes this request's transaction had before fee replacements, oldest first (any of them may be the one mined).</summary>
    public IReadOnlyList<string> ReplacedTransactionHashes { get; init; } = [];

    /// <summary>Where the signing time went, in the coordinator's view (docs/signing.md "Coordination"), once Signed.</summary>
    public SigningTimes? SigningTimes { get; init; }

    public TransactionReceipt? Receipt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The W3C trace id of the span that last changed the document.</summary>
    public required string TraceId { get; init; }

    public bool IsTerminal => TransactionLifecycle.IsTerminal(State);

    /// <summary>The read model of <c>GET /v1/transactions/{requestId}</c>.</summary>
    public TransactionStatus ToStatus() => new(
        RequestId, State.ToString(), WalletId, IntentHash, Reasons, Decision, RuleId, PolicyId, Approvals, Deadline,
        Nonce, TransactionHash, Receipt, CreatedAt, UpdatedAt, TraceId);
}
