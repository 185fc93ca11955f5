using Custody.Contracts;
using Custody.Contracts.Events;
using Custody.Messaging;

namespace Custody.Policy.Decisions;

/// <summary>What the policy service consumes and publishes, and on which topics (docs/architecture.md "Event flow").</summary>
public static class PolicyEvents
{
    public const string ValidatedTopic = Topics.Validated;
    public const string ApprovedTopic = Topics.Approved;
    public const string RejectedTopic = Topics.Rejected;
    public const string ExpiredTopic = Topics.Expired;
    public const string ValidatedSubscription = "policy-transaction-validated";

    /// <summary>ce-source of everything the policy service publishes.</summary>
    public const string Source = "//custody/policy";

    public static readonly EventType<TransactionValidated> Validated =
        new(TransactionValidated.WireName, ContractsJsonContext.Default.TransactionValidated, e => e.Request.Validate());

    public static readonly EventType<TransactionApproved> Approved = new(TransactionApproved.WireName, ContractsJsonContext.Default.TransactionApproved);

    public static readonly EventType<TransactionRejected> Rejected = new(TransactionRejected.WireName, ContractsJsonContext.Default.TransactionRejected);

    public static readonly EventType<TransactionExpired> Expired = new(TransactionExpired.WireName, ContractsJsonContext.Default.TransactionExpired);
}
