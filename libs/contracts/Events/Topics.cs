namespace Custody.Contracts.Events;

/// <summary>
/// The Pub/Sub topic of each event of the flow (docs/architecture.md, "Event flow"): one name per event, shared by
/// the service that publishes it and every service that subscribes, so no two places spell a topic.
/// </summary>
public static class Topics
{
    public const string Requested = "transaction-requested";
    public const string Validated = "transaction-validated";
    public const string Rejected = "transaction-rejected";
    public const string Approved = "transaction-approved";
    public const string Expired = "transaction-expired";
    public const string Signed = "transaction-signed";
    public const string Broadcast = "transaction-broadcast";
    public const string Confirmed = "transaction-confirmed";
    public const string Failed = "transaction-failed";
    public const string ReplacementRequested = "transaction-replacement-requested";
}
