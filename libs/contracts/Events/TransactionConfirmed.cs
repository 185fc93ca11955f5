namespace Custody.Contracts.Events;

/// <summary>The transaction is mined with a successful receipt and has the required confirmations.</summary>
/// <param name="BlockNumber">Decimal block number.</param>
/// <param name="BlockHash">0x + 64 hex.</param>
/// <param name="Confirmations">Blocks on top of and including the inclusion block.</param>
public sealed record TransactionConfirmed(
    string RequestId,
    string TransactionHash,
    string BlockNumber,
    string BlockHash,
    int Confirmations,
    DateTimeOffset ConfirmedAt) : ICustodyEvent
{
    public static string WireName => "custody.transaction.confirmed.v1";

    public static int SchemaVersion => 1;
}
