namespace Custody.Contracts.Events;

/// <summary>The approval window closed before the quorum was reached.</summary>
public sealed record TransactionExpired(
    string RequestId,
    string IntentHash,
    string PolicyId,
    string RuleId,
    DateTimeOffset ExpiredAt) : ICustodyEvent
{
    public static string WireName => "custody.transaction.expired.v1";

    public static int SchemaVersion => 1;
}
