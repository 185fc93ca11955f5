namespace Custody.State;

/// <summary>Where the signer is with one fee replacement of a broadcast request (docs/signing.md "Fee replacements").</summary>
public enum ReplacementStatus
{
    /// <summary>The exact replacement is recorded and being signed; a redelivery or a restarted signer signs exactly it.</summary>
    Signing,

    /// <summary>Signed: the request's transaction is now the replacement, transaction-signed is in the outbox.</summary>
    Signed,

    /// <summary>A party refused to sign it; the request keeps its earlier transaction.</summary>
    Refused,
}

/// <summary>
/// A fee replacement on <c>transactions/{requestId}</c>: the broadcaster's attempt number it answers, the unsigned
/// EIP-1559 transaction (libs/ethereum TransactionJson: same nonce and intent, higher fees) recorded before any party
/// signs, its status and, when refused, why.
/// </summary>
public sealed record TransactionReplacement(int Attempt, string UnsignedTransaction, ReplacementStatus Status, string? Note);
