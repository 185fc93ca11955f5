using Custody.Contracts.Events;
using Custody.Messaging;

namespace Custody.Cli.Demo;

/// <summary>The upstream application's view: it learns the outcome from transaction-confirmed.</summary>
internal sealed class ConfirmationHandler(DemoParts parts) : IEventHandler<TransactionConfirmed>
{
    public Task HandleAsync(EventContext<TransactionConfirmed> context, CancellationToken ct)
    {
        var confirmed = context.Event;
        Narration.Line($"upstream app: {context.Type} {confirmed.RequestId}: tx {confirmed.TransactionHash} in block {confirmed.BlockNumber} (trace {TransactionDocument.TraceId})");
        parts.Outcomes.Complete(confirmed.RequestId, $"CONFIRMED in block {confirmed.BlockNumber}");
        return Task.CompletedTask;
    }
}
