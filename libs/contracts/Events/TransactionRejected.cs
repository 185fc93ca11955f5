namespace Custody.Contracts.Events;

/// <summary>
/// The request will not be signed: invalid input (stage "intake"), a BLOCK decision (stage "policy") or an
/// approver's rejection (stage "approval"). Reasons are "path: reason" or rule-level explanations;
/// <paramref name="Details"/> carries the same reasons machine-readably (path, code, message) where the stage
/// has them (intake always does).
/// </summary>
public sealed record TransactionRejected(
    string RequestId,
    string Stage,
    IReadOnlyList<string> Reasons,
    string? PolicyId,
    string? RuleId,
    DateTimeOffset RejectedAt,
    IReadOnlyList<RejectionReason>? Details = null) : ICustodyEvent
{
    public static string WireName => "custody.transaction.rejected.v1";

    public static int SchemaVersion => 1;
}
