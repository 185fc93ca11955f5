namespace Custody.Domain.Signing;

/// <summary>
/// The reason codes of the checks every signing party makes before it signs (docs/signing.md "Refusal codes"):
/// <see cref="SigningRequestCheck"/> and <see cref="SigningLogRule"/>. Stable: logged, audited and returned to the signer.
/// </summary>
public static class SigningRefusalCodes
{
    /// <summary>The request inside the approved event does not yield an intent.</summary>
    public const string InvalidRequest = "invalid-request";

    /// <summary>The event's request id or intent hash is not the request's own, or the verdict was reached on another intent or policy.</summary>
    public const string IntentMismatch = "intent-mismatch";

    /// <summary>The evidence does not approve the request (this party's own verification).</summary>
    public const string EvidenceNotApproved = "evidence-not-approved";

    /// <summary>The request's sender is not the wallet address this party holds.</summary>
    public const string SenderMismatch = "sender-mismatch";

    public const string ChainMismatch = "chain-mismatch";

    public const string ToMismatch = "to-mismatch";

    public const string ValueMismatch = "value-mismatch";

    public const string DataMismatch = "data-mismatch";

    /// <summary>The transaction carries an access list (intents have none).</summary>
    public const string AccessListNotAllowed = "access-list-not-allowed";

    /// <summary>The policy has no fee cap for the chain: signing on it is refused.</summary>
    public const string NoFeeCap = "no-fee-cap";

    /// <summary>maxPriorityFeePerGas exceeds maxFeePerGas (EIP-1559).</summary>
    public const string FeeInvalid = "fee-invalid";

    /// <summary>maxFeePerGas or maxPriorityFeePerGas above the policy's cap.</summary>
    public const string FeeAboveCap = "fee-above-cap";

    /// <summary>gasLimit * maxFeePerGas above the policy's maxTotalFee.</summary>
    public const string TotalFeeAboveCap = "total-fee-above-cap";

    /// <summary>The signing log holds another transaction for this wallet, chain and nonce that this party signed.</summary>
    public const string NonceTaken = "nonce-taken";

    /// <summary>A replacement of the same intent whose fees are not strictly higher than the one signed.</summary>
    public const string ReplacementFeeNotHigher = "replacement-fee-not-higher";
}
