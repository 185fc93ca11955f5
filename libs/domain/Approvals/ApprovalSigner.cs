using System.Security.Cryptography;
using Custody.Contracts.Approvals;
using Custody.Domain.Hashing;

namespace Custody.Domain.Approvals;

/// <summary>Produces a <see cref="SignedApproval"/> with an approver's P-256 private key (CLI, console, tests).</summary>
public static class ApprovalSigner
{
    public static SignedApproval Sign(
        ECDsa approverKey, string approverId, string requestId, Hash32 intentHash, Hash32 policyId,
        ApprovalDecision decision, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(approverKey);
        if (approverKey.ExportParameters(includePrivateParameters: false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new CryptographicException("Approver keys are ECDSA P-256.");
        }

        var digest = ApprovalDigest.Compute(requestId, intentHash, policyId, decision, expiresAt);
        var signature = approverKey.SignData(digest, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new SignedApproval(
            approverId, requestId, intentHash.ToString(), policyId.ToString(), decision.ToWire(), expiresAt.ToUniversalTime(),
            "0x" + Convert.ToHexStringLower(signature));
    }
}
