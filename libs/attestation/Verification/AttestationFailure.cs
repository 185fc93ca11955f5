namespace Custody.Attestation.Verification;

public sealed record AttestationFailure(AttestationFailureReason Reason, string Detail)
{
    public override string ToString() => $"{Reason}: {Detail}";
}
