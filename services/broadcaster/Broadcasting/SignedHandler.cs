using Custody.Broadcaster.Tracking;
using Custody.Contracts.Events;
using Custody.Ethereum;
using Custody.Messaging;
using Microsoft.Extensions.Options;

namespace Custody.Broadcaster.Broadcasting;

/// <summary>
/// Consumes transaction-signed (ordering key: the wallet, so one wallet's nonces arrive in order, one at a time):
/// records the broadcast before submitting (<see cref="BroadcastStore.BeginAsync"/>: only the exact transaction the
/// signer stored, in state Signed), submits it (<see cref="Submission"/>), and records the outcome with
/// transaction-broadcast or transaction-failed. A redelivery of an event already past submission is acknowledged and
/// changes nothing; one that stopped between the record and the outcome submits again (idempotent at the node).
/// Tracking to confirmations is <see cref="ConfirmationTracker"/>'s.
/// </summary>
public sealed partial class SignedHandler(BroadcastStore store, Submission submission, BroadcasterTelemetry telemetry, IOptions<BroadcasterOptions> options, ILogger<SignedHandler> logger)
    : IEventHandler<TransactionSigned>
{
    public async Task HandleAsync(EventContext<TransactionSigned> context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var signed = context.Event;
        if (signed.ChainId != options.Value.ChainId)
        {
            throw new InvalidDataException($"transaction-signed {signed.RequestId}: chain {signed.ChainId} is not this broadcaster's chain {options.Value.ChainId}.");
        }

        var broadcast = await store.BeginAsync(signed, ct).ConfigureAwait(false);
        if (broadcast is null)
        {
            LogDuplicate(signed.RequestId);
            return;
        }

        var outcome = await submission.SubmitAsync(broadcast.RawTransaction, Bytes32.Parse(broadcast.TransactionHash), broadcast.Nonce, ct).ConfigureAwait(false);
        if (outcome.Accepted)
        {
            if (await store.AcceptedAsync(broadcast, outcome.How!, ct).ConfigureAwait(false))
            {
                telemetry.Outcome(outcome.How!);
                LogBroadcast(signed.RequestId, broadcast.TransactionHash, broadcast.Nonce, outcome.How!);
            }

            return;
        }

        if (broadcast.Earlier.Count > 0)
        {
            // A replacement the node did not take: the earlier transactions are still tracked, whichever is mined wins.
            if (await store.ReplacementNotTakenAsync(broadcast, outcome.Refusal!, ct).ConfigureAwait(false))
            {
                telemetry.Outcome("replacement-not-taken");
                LogRefused(signed.RequestId, broadcast.TransactionHash, outcome.Refusal!);
            }

            return;
        }

        if (await store.RefusedAsync(broadcast, outcome.Refusal!, ct).ConfigureAwait(false))
        {
            telemetry.Outcome("refused");
            LogRefused(signed.RequestId, broadcast.TransactionHash, outcome.Refusal!);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: transaction {TransactionHash} (nonce {Nonce}) is with the node ({How}).")]
    private partial void LogBroadcast(string requestId, string transactionHash, ulong nonce, string how);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId}: transaction {TransactionHash} refused: {Reason}.")]
    private partial void LogRefused(string requestId, string transactionHash, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} is already broadcast; duplicate delivery acknowledged.")]
    private partial void LogDuplicate(string requestId);
}
