namespace Custody.Attestation.Verification;

/// <summary>Valid, or every reason the token is refused (header problems stop before claims are read).</summary>
public sealed record AttestationResult(IReadOnlyList<AttestationFailure> Failures, string? ImageDigest)
{
    public bool IsValid => Failures.Count == 0;

    public bool Has(AttestationFailureReason reason) => Failures.Any(f => f.Reason == reason);
}
