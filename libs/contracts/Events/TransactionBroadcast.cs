namespace Custody.Contracts.Events;

/// <summary>The broadcaster submitted the signed transaction to the chain. Ordering key: the wallet id.</summary>
public sealed record TransactionBroadcast(
    string RequestId,
    string WalletId,
    ulong ChainId,
    string TransactionHash,
    DateTimeOffset BroadcastAt) : ICustodyEvent
{
    public static string WireName => "custody.transaction.broadcast.v1";

    public static int SchemaVersion => 1;
}
