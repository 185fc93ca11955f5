using Custody.Contracts;
using Custody.Contracts.Events;
using Custody.Messaging;

namespace Custody.Broadcaster.Broadcasting;

/// <summary>What the broadcaster consumes and publishes (docs/architecture.md "Event flow", docs/broadcaster.md).</summary>
public static class BroadcasterEvents
{
    public const string SignedSubscription = "broadcaster-transaction-signed";

    /// <summary>ce-source of everything the broadcaster publishes.</summary>
    public const string Source = "//custody/broadcaster";

    /// <summary>transaction-signed, its raw transaction checked against its own fields before any handler sees it (<see cref="SignedEventCheck"/>).</summary>
    public static readonly EventType<TransactionSigned> Signed = new(TransactionSigned.WireName, ContractsJsonContext.Default.TransactionSigned, SignedEventCheck.Problems);

    public static readonly EventType<TransactionBroadcast> Broadcast = new(TransactionBroadcast.WireName, ContractsJsonContext.Default.TransactionBroadcast);

    public static readonly EventType<TransactionConfirmed> Confirmed = new(TransactionConfirmed.WireName, ContractsJsonContext.Default.TransactionConfirmed);

    public static readonly EventType<TransactionFailed> Failed = new(TransactionFailed.WireName, ContractsJsonContext.Default.TransactionFailed);

    public static readonly EventType<TransactionReplacementRequested> ReplacementRequested =
        new(TransactionReplacementRequested.WireName, ContractsJsonContext.Default.TransactionReplacementRequested);
}
