namespace Custody.Contracts.Approvals;

/// <summary>
/// One approver's signed vote (docs/approvals.md). The signed fields travel with the signature so that a
/// verifier can tell "approval for another request / intent / policy" apart from "bad signature".
/// </summary>
/// <param name="ApproverId">The approver, as named in the approver registry and policy groups.</param>
/// <param name="RequestId">The request the approver voted on.</param>
/// <param name="IntentHash">0x + 64 hex: the intent hash the approver was shown.</param>
/// <param name="PolicyId">0x + 64 hex: the policy id the approver voted under.</param>
/// <param name="Decision">"APPROVE" or "REJECT".</param>
/// <param name="ExpiresAt">The approval is void at and after this instant (whole seconds, UTC).</param>
/// <param name="Signature">0x + 128 hex: ECDSA P-256 signature, IEEE P1363 r||s.</param>
public sealed record SignedApproval(
    string ApproverId,
    string RequestId,
    string IntentHash,
    string PolicyId,
    string Decision,
    DateTimeOffset ExpiresAt,
    string Signature);
