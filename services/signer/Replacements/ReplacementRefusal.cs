namespace Custody.Signer.Replacements;

/// <summary>
/// Why the signer refuses a transaction-replacement-requested at its boundary (docs/signing.md "Fee replacements"),
/// with a stable <see cref="Code"/> (audited as <c>ReplacementRefused</c>, logged, counted) and a message naming the
/// field; it never quotes key material.
/// </summary>
public sealed record ReplacementRefusal(string Code, string Detail)
{
    public const string UnknownRequest = "unknown-request";
    public const string NotBroadcast = "not-broadcast";
    public const string WalletMismatch = "wallet-mismatch";
    public const string ChainMismatch = "chain-mismatch";
    public const string NonceMismatch = "nonce-mismatch";
    public const string StaleTransaction = "stale-transaction";
    public const string NewApprovalRequired = "new-approval-required";
    public const string MalformedFees = "malformed-fees";
    public const string FeeNotBumped = "fee-not-bumped";
    public const string UnknownPolicy = "unknown-policy";
    public const string NotReplaceable = "not-replaceable";

    public override string ToString() => $"{Code}: {Detail}";
}
