extern alias policyservice;

using Custody.Contracts.Events;
using Custody.Domain.Intents;
using Custody.Domain.Lifecycle;
using Custody.Messaging;
using Custody.State;
using policyservice::Custody.Policy;
using policyservice::Custody.Policy.Approvals;
using policyservice::Custody.Policy.Display;

namespace Custody.Cli.Demo;

/// <summary>
/// transaction-requested in the demo. Intake's part is done inline (the request is stored as Validated with its
/// intent hash; driving services/intake is a later step), then the policy service's own transaction-validated
/// handler decides, and for REQUIRE_APPROVAL the demo's approvers vote through the service's vote recorder. The
/// service commits state, audit entry and outgoing event together and publishes transaction-approved itself.
/// </summary>
internal sealed class PolicyHandler(DemoParts parts) : IEventHandler<TransactionRequested>
{
    public async Task HandleAsync(EventContext<TransactionRequested> context, CancellationToken ct)
    {
        var request = context.Event;
        var service = parts.PolicyService ?? throw new InvalidOperationException("The policy service is not running yet.");
        try
        {
            Narration.Line($"policy handler: {context.Type} {request.RequestId} (ce-id {context.EventId}, delivery {context.DeliveryAttempt}, trace {TransactionDocument.TraceId})");
            var intent = TransactionIntent.Create(request);
            DemoRequests.Describe(intent);
            await StoreValidatedAsync(service.Store, request, intent, ct).ConfigureAwait(false);
            await service.Handler.HandleAsync(new EventContext<TransactionValidated>
            {
                Event = new TransactionValidated(request.RequestId, request, intent.Hash.ToString(), DateTimeOffset.UtcNow),
                EventId = context.EventId, Type = TransactionValidated.WireName, Source = context.Source, Time = context.Time,
                DeliveryAttempt = context.DeliveryAttempt, MessageId = context.MessageId, PublishTime = context.PublishTime,
                SubscriptionId = context.SubscriptionId, TraceContext = context.TraceContext,
            }, ct).ConfigureAwait(false);
            var record = (await service.Store.GetAsync(request.RequestId, ct).ConfigureAwait(false))?.Value
                ?? throw new DemoException($"transactions/{request.RequestId} is missing after the policy decision.");
            Narration.Line($"policy decision: {record.Decision} (rule {record.RuleId ?? "none matched"}, policy {record.PolicyId})");
            Narration.Line($"firestore: transactions/{request.RequestId} = {record.State}");
            switch (record.State)
            {
                case TransactionState.Blocked:
                    Narration.Line("blocked: no approval is asked, nothing is signed");
                    parts.Outcomes.Complete(request.RequestId, "BLOCK");
                    return;
                case TransactionState.PendingApproval:
                    await ApproveAsync(service, record, ct).ConfigureAwait(false);
                    return;
            }
        }
        catch (Exception e) when (e is DemoException)
        {
            parts.Outcomes.Fail(request.RequestId, e);
            throw;
        }
    }

    // Intake's outcome for a valid request (libs/state): the record the policy service's handler advances.
    private static async Task StoreValidatedAsync(TransactionStore store, TransactionRequested request, TransactionIntent intent, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var record = new TransactionRecord
        {
            RequestId = request.RequestId, BodyHash = RequestFingerprint.Compute(request), State = TransactionState.Validated,
            WalletId = request.WalletId, Request = request, IntentHash = intent.Hash.ToString(), CreatedAt = now, UpdatedAt = now,
            TraceId = TransactionDocument.TraceId,
        };
        await store.Database.RunTransactionAsync((tx, token) => store.CreateIfAbsentAsync(tx, record, token), ct: ct).ConfigureAwait(false);
    }

    private async Task ApproveAsync(DemoPolicyService service, TransactionRecord record, CancellationToken ct)
    {
        var context = await RequestContext.LoadAsync(record, service.Policies, ct).ConfigureAwait(false)
            ?? throw new DemoException($"{record.RequestId} is pending but its rule asks for no approval.");
        var review = new ReviewBuilder(new TokenRegistry(new PolicyServiceOptions())).Build(context);
        Narration.Line($"review: {review.Transaction.Amount} {review.Transaction.Symbol} to {review.Transaction.Destination} [{string.Join(", ", review.Transaction.DestinationLabels)}], rule {review.Rule.RuleId}, window closes {review.WindowClosesAt:u}");
        foreach (var approver in parts.Desk.Approvers)
        {
            var result = await service.Votes.RecordAsync(record.RequestId, parts.Desk.Vote(approver, review), ct).ConfigureAwait(false);
            if (result is not VoteRecorder.Recorded recorded)
            {
                throw new DemoException($"The policy service did not record {approver}'s vote on {record.RequestId}: {result}");
            }

            Narration.Line($"vote {approver} APPROVE recorded; {record.RequestId} is {recorded.Outcome.State}");
        }
    }
}
