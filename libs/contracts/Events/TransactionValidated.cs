namespace Custody.Contracts.Events;

/// <summary>Intake accepted the request: its shape, checksums and calldata are valid.</summary>
/// <param name="Request">The request as received (the policy service re-derives the intent from it).</param>
/// <param name="IntentHash">0x + 64 hex, the canonical intent hash (docs/policy.md "Intent hash").</param>
public sealed record TransactionValidated(
    string RequestId,
    TransactionRequested Request,
    string IntentHash,
    DateTimeOffset ValidatedAt) : ICustodyEvent
{
    public static string WireName => "custody.transaction.validated.v1";

    public static int SchemaVersion => 1;
}
