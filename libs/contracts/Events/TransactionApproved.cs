using Custody.Contracts.Approvals;

namespace Custody.Contracts.Events;

/// <summary>
/// The policy allows the request, directly (ALLOW) or with the required approvals. Signing parties do not
/// trust this event: they re-derive the intent from <paramref name="Request"/>, re-evaluate the policy and
/// verify <paramref name="Evidence"/> themselves.
/// </summary>
public sealed record TransactionApproved(
    string RequestId,
    TransactionRequested Request,
    string IntentHash,
    ApprovalEvidence Evidence,
    DateTimeOffset ApprovedAt) : ICustodyEvent
{
    public static string WireName => "custody.transaction.approved.v1";

    public static int SchemaVersion => 1;
}
