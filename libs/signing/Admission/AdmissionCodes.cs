namespace Custody.Signing.Admission;

/// <summary>
/// Refusal codes of a party's admission checks besides those of <c>Custody.Domain.Signing.SigningRefusalCodes</c>
/// (the transaction and fee checks and the signing log): docs/signing.md "Refusal codes".
/// </summary>
public static class AdmissionCodes
{
    public const string MalformedInvitation = "malformed-invitation";
    public const string UnknownWallet = "unknown-wallet";
    public const string WalletMismatch = "wallet-mismatch";
    public const string SignerSetInvalid = "signer-set-invalid";
    public const string UnknownPolicy = "unknown-policy";

    /// <summary>Prefix of the attestation codes: <c>attestation-</c> followed by the verifier's reason in kebab case.</summary>
    public const string AttestationPrefix = "attestation-";
}
