using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;
using Custody.Ethereum.Transactions;
using Custody.Messaging;
using Custody.Signer.Signing;
using Custody.Signing.Admission;
using Custody.Signing.Coordination;
using Custody.State;
using Microsoft.Extensions.Options;

namespace Custody.Signer.Replacements;

/// <summary>
/// Consumes transaction-replacement-requested (docs/signing.md "Fee replacements"; ordered by wallet). The event is
/// checked at the boundary against the signer's own record (<see cref="ReplacementCheck"/>; a refusal is audited and
/// acknowledged, the request unchanged); the exact replacement (the current transaction with the bumped fees) is
/// recorded before any party signs; the coordinator and co-signers then sign it like an approved request, each
/// re-verifying the original evidence and admitting it only as a replacement in its signing log; the result is
/// recorded with transaction-signed in the outbox. One replacement per broadcaster attempt and per stuck transaction:
/// a duplicate of the attempt last handled, or a request for a transaction already replaced, is acknowledged; a
/// redelivery (or a restarted signer) of the attempt being signed signs exactly the recorded replacement. Attempt
/// numbers are not trusted for ordering: a forged high one cannot make the broadcaster's next requests stale. A
/// party's refusal is recorded and the request keeps its current transaction.
/// </summary>
public sealed partial class ReplacementHandler(
    TransactionStore store, PolicyBook policies, SessionRunner runner, SigningRecords records, SignerTelemetry telemetry,
    IOptions<SignerOptions> options, ILogger<ReplacementHandler> logger) : IEventHandler<TransactionReplacementRequested>
{
    public async Task HandleAsync(EventContext<TransactionReplacementRequested> context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var requested = context.Event;
        var record = TransactionStore.IsStorableId(requested.RequestId) ? (await store.GetAsync(requested.RequestId, ct).ConfigureAwait(false))?.Value : null;
        if (record is { State: TransactionState.Broadcast, Replacement: { } last } && last.Attempt == requested.Attempt)
        {
            if (last.Status == ReplacementStatus.Signing)
            {
                await SignAsync(record, last, ct).ConfigureAwait(false);
                return;
            }

            LogDuplicate(requested.RequestId, requested.Attempt, last.Attempt, last.Status.ToString());
            return;
        }

        if (record is { State: TransactionState.Broadcast } && record.ReplacedTransactionHashes.Contains(requested.StuckTransactionHash, StringComparer.OrdinalIgnoreCase))
        {
            // A replay of a request for a transaction already replaced (whatever its attempt number says).
            LogDuplicate(requested.RequestId, requested.Attempt, record.Replacement?.Attempt ?? 0, "already replaced");
            return;
        }

        var (replacement, refusal) = ReplacementCheck.Check(record, requested, policies, options.Value.ReplacementMinimumBumpPercent);
        if (refusal is not null)
        {
            await records.RefusedAtBoundaryAsync(requested, refusal.Code, refusal.Detail, ct).ConfigureAwait(false);
            telemetry.Outcome("replacement-refused");
            LogRefused(requested.RequestId, requested.Attempt, refusal.ToString());
            return;
        }

        var started = await records.ReplacementStartAsync(record!.RequestId, requested.Attempt, replacement!, ct).ConfigureAwait(false);
        if (started?.Replacement is not { } recorded)
        {
            LogDuplicate(requested.RequestId, requested.Attempt, record.Replacement?.Attempt ?? 0, "moved on");
            return;
        }

        await SignAsync(started, recorded, ct).ConfigureAwait(false);
    }

    /// <summary>Signs exactly the recorded replacement and records the outcome; no co-signer available is rethrown (redelivered).</summary>
    private async Task SignAsync(TransactionRecord record, TransactionReplacement replacement, CancellationToken ct)
    {
        var transaction = (DynamicFeeTransaction)TransactionJson.Parse(replacement.UnsignedTransaction);
        try
        {
            var outcome = await runner.SignAsync(record.WalletId, record.ApprovedEvent!, transaction, ct).ConfigureAwait(false);
            if (outcome.Result is not { } result)
            {
                await records.ReplacementRefusedAsync(record.RequestId, replacement.Attempt, outcome.Refusal!, ct).ConfigureAwait(false);
                telemetry.Outcome("replacement-refused");
                LogRefused(record.RequestId, replacement.Attempt, outcome.Refusal!);
                return;
            }

            if (await records.ReplacementSignedAsync(record.RequestId, replacement.Attempt, result.Transaction, result.Signers, outcome.Times!, ct).ConfigureAwait(false) is null)
            {
                LogDuplicate(record.RequestId, replacement.Attempt, replacement.Attempt, "moved on before the replacement was recorded");
                return;
            }

            telemetry.Outcome("replaced");
            LogReplaced(record.RequestId, replacement.Attempt, transaction.Nonce, record.TransactionHash ?? "none", result.Transaction.Hash.ToString(), string.Join(", ", result.Signers));
        }
        catch (SigningUnavailableException e)
        {
            telemetry.Outcome("retried");
            LogUnavailable(record.RequestId, replacement.Attempt, e.Message);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: replacement {Attempt} of nonce {Nonce} signed, {Replaced} -> {TxHash}, by {Signers}")]
    private partial void LogReplaced(string requestId, int attempt, ulong nonce, string replaced, string txHash, string signers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId}: replacement {Attempt} refused: {Reason}")]
    private partial void LogRefused(string requestId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: replacement {Attempt} acknowledged without signing (last attempt {Last}, {Status})")]
    private partial void LogDuplicate(string requestId, int attempt, int last, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId}: replacement {Attempt} has no signing set now ({Reason}); the delivery is retried")]
    private partial void LogUnavailable(string requestId, int attempt, string reason);
}
