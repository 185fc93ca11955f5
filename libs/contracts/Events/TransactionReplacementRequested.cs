namespace Custody.Contracts.Events;

/// <summary>
/// The broadcaster asks the signer to replace a stuck transaction: same nonce, bumped fees (capped by
/// policy). Fees are decimal wei per gas.
/// </summary>
public sealed record TransactionReplacementRequested(
    string RequestId,
    string WalletId,
    ulong ChainId,
    string Nonce,
    string StuckTransactionHash,
    string MaxFeePerGas,
    string MaxPriorityFeePerGas,
    DateTimeOffset RequestedAt) : ICustodyEvent
{
    public static string WireName => "custody.transaction.replacement-requested.v1";

    public static int SchemaVersion => 1;
}
