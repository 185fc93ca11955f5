using Custody.Contracts;
using Custody.Contracts.Events;
using Custody.Messaging;
using Custody.State;

namespace Custody.Intake;

/// <summary>What intake consumes and publishes (docs/architecture.md, "Event flow").</summary>
public static class IntakeTopology
{
    public const string RequestedTopic = Topics.Requested;
    public const string ValidatedTopic = Topics.Validated;
    public const string RejectedTopic = Topics.Rejected;

    /// <summary>Intake's subscription to transaction-requested; poison messages go to <c>intake-transaction-requested-dead-letter</c>.</summary>
    public const string RequestedSubscription = "intake-transaction-requested";

    /// <summary>
    /// The one check that makes a received request poison rather than rejectable: a rejection must name the request,
    /// so a request id that cannot name a document is dead-lettered with its reason. Every other check yields a
    /// transaction-rejected event (RequestValidator).
    /// </summary>
    public static readonly EventType<TransactionRequested> Requested =
        new(TransactionRequested.WireName, ContractsJsonContext.Default.TransactionRequested, e => AddressableErrors(e.RequestId));

    public static readonly EventType<TransactionValidated> Validated =
        new(TransactionValidated.WireName, ContractsJsonContext.Default.TransactionValidated);

    public static readonly EventType<TransactionRejected> Rejected =
        new(TransactionRejected.WireName, ContractsJsonContext.Default.TransactionRejected);

    /// <summary>Why <paramref name="requestId"/> cannot key a request (empty when it can).</summary>
    public static IReadOnlyList<string> AddressableErrors(string? requestId)
    {
        var errors = new List<string>();
        WireFormat.CheckId(errors, "$.requestId", requestId);
        if (errors.Count == 0 && !TransactionStore.IsStorableId(requestId))
        {
            errors.Add("$.requestId: cannot name a document (\".\", \"..\" and __name__ are reserved)");
        }

        return errors;
    }
}
