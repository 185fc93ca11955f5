namespace Custody.Contracts.Events;

/// <summary>The signer and co-signers produced the signed transaction. Ordering key: the wallet id.</summary>
/// <param name="Nonce">The account nonce used, decimal.</param>
/// <param name="RawTransaction">0x-hex of the signed EIP-2718 envelope (or legacy RLP).</param>
/// <param name="TransactionHash">0x + 64 hex, Keccak-256 of <paramref name="RawTransaction"/>.</param>
public sealed record TransactionSigned(
    string RequestId,
    string WalletId,
    ulong ChainId,
    string Nonce,
    string RawTransaction,
    string TransactionHash,
    DateTimeOffset SignedAt) : ICustodyEvent
{
    public static string WireName => "custody.transaction.signed.v1";

    public static int SchemaVersion => 1;
}
