extern alias policyservice;

using Custody.Contracts;
using Custody.Contracts.Events;
using Custody.Messaging;
using policyservice::Custody.Policy.Decisions;

namespace Custody.Cli.Demo;

/// <summary>The contracts the demo moves over Pub/Sub (wire names from libs/contracts) and their topics.</summary>
internal static class DemoEvents
{
    public const string RequestedTopic = Topics.Requested;
    public const string ApprovedTopic = PolicyEvents.ApprovedTopic;
    public const string ConfirmedTopic = Topics.Confirmed;

    public static readonly EventType<TransactionRequested> Requested =
        new(TransactionRequested.WireName, ContractsJsonContext.Default.TransactionRequested, e => e.Validate());

    public static readonly EventType<TransactionApproved> Approved = PolicyEvents.Approved;

    public static readonly EventType<TransactionConfirmed> Confirmed =
        new(TransactionConfirmed.WireName, ContractsJsonContext.Default.TransactionConfirmed);
}
