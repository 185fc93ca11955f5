using Custody.Contracts.Events;
using Custody.Messaging;

namespace Custody.Intake.Requests;

/// <summary>
/// Pub/Sub entry point: <c>transaction-requested</c> on <see cref="IntakeTopology.RequestedSubscription"/>.
/// Unparsable messages never get here (the messaging layer dead-letters them with the reason); a request id
/// reused with another body is answered with transaction-rejected (duplicate-request-id); a repeated delivery
/// of the same request changes nothing. A failure throws, so the message is nacked and redelivered.
/// </summary>
public sealed class TransactionRequestedHandler(IntakeProcessor processor) : IEventHandler<TransactionRequested>
{
    public async Task HandleAsync(EventContext<TransactionRequested> context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcome = await processor.SubmitAsync(context.Event, owner: null, ct).ConfigureAwait(false);
        if (outcome.Kind == IntakeOutcomeKind.Conflict)
        {
            await processor.RejectConflictAsync(context.Event, ct).ConfigureAwait(false);
        }
    }
}
