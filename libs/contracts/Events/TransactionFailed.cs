namespace Custody.Contracts.Events;

/// <summary>
/// The request ended without the transfer: signing failed (stage "signing") or the transaction reverted
/// (stage "chain"), or the node refused it for good (stage "broadcast", e.g. its nonce was taken by another transaction).
/// <paramref name="Reason"/> never contains key material.
/// </summary>
public sealed record TransactionFailed(
    string RequestId,
    string Stage,
    string Reason,
    string? TransactionHash,
    DateTimeOffset FailedAt) : ICustodyEvent
{
    public static string WireName => "custody.transaction.failed.v1";

    public static int SchemaVersion => 1;
}
