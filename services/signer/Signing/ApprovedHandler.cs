using System.Text.Json;
using Custody.Contracts;
using Custody.Contracts.Events;
using Custody.Domain.Intents;
using Custody.Domain.Lifecycle;
using Custody.Ethereum.Transactions;
using Custody.Messaging;
using Custody.Signing.Admission;
using Custody.Signing.Coordination;
using Custody.State;

namespace Custody.Signer.Signing;

/// <summary>
/// Consumes transaction-approved (docs/signing.md "The signer"). From Approved: reserves the wallet's nonce
/// (idempotent per request), prices the transaction under the fee cap of the policy the request was decided under,
/// and records nonce and unsigned transaction (state Signing) before any party signs; from Signing (a redelivery or
/// a restarted signer) it signs exactly the recorded transaction again. The coordinator checks the evidence, runs
/// DKLs23 with co-signers and checks the sender; the result is recorded (Signed) with transaction-signed in the
/// outbox. A permanent refusal records SigningFailed and gives the nonce back to the wallet's next request; no
/// co-signer available is transient (nacked, redelivered later). Any other state acknowledges the duplicate.
/// </summary>
public sealed partial class ApprovedHandler(
    TransactionStore store, WalletNonces nonces, PolicyBook policies, TransactionPlanner planner, SessionRunner runner,
    SigningRecords records, SignerTelemetry telemetry, TimeProvider time, ILogger<ApprovedHandler> logger) : IEventHandler<TransactionApproved>
{
    public async Task HandleAsync(EventContext<TransactionApproved> context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var approved = context.Event;
        var current = await store.GetAsync(approved.RequestId, ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"transaction-approved {approved.RequestId}: no such request is stored.");
        var record = current.Value;
        if (record.IntentHash != approved.IntentHash)
        {
            throw new InvalidDataException($"transaction-approved {approved.RequestId}: the event's intent hash is not the stored request's.");
        }

        if (record.State == TransactionState.Approved)
        {
            record = await StartAsync(record, approved, ct).ConfigureAwait(false);
        }

        if (record is not { State: TransactionState.Signing, UnsignedTransaction: { } json })
        {
            LogDuplicate(approved.RequestId, record?.State.ToString() ?? "unknown");
            return;
        }

        var transaction = (DynamicFeeTransaction)TransactionJson.Parse(json);
        var approvedJson = JsonSerializer.Serialize(approved, ContractsJsonContext.Default.TransactionApproved);
        try
        {
            var outcome = await runner.SignAsync(record.WalletId, approvedJson, transaction, ct).ConfigureAwait(false);
            if (outcome.Result is not { } result)
            {
                await FailAsync(record, outcome.Refusal!, ct).ConfigureAwait(false);
                return;
            }

            await records.SignedAsync(record.RequestId, result.Transaction, result.Signers, outcome.Times!, ct).ConfigureAwait(false);
            telemetry.Outcome("signed");
            LogSigned(record.RequestId, transaction.Nonce, result.Transaction.Hash.ToString(), string.Join(", ", result.Signers), string.Join("; ", result.Attempts));
        }
        catch (SigningUnavailableException e)
        {
            telemetry.Outcome("retried");
            LogUnavailable(record.RequestId, e.Message);
            throw;
        }
    }

    /// <summary>Approved -> Signing: nonce, fees under the cap, the exact transaction recorded; a refusal before pricing records SigningFailed.</summary>
    private async Task<TransactionRecord?> StartAsync(TransactionRecord record, TransactionApproved approved, CancellationToken ct)
    {
        var intent = TransactionIntent.Create(record.Request);
        if (!policies.TryGet(approved.Evidence.PolicyId, out var policy) || !policy.FeeCaps.TryGetValue(intent.ChainId, out var cap))
        {
            var reason = policies.TryGet(approved.Evidence.PolicyId, out _)
                ? $"policy {approved.Evidence.PolicyId} caps no fees on chain {intent.ChainId}: the signer signs nothing there"
                : $"the signer does not hold policy {approved.Evidence.PolicyId}";
            var refused = await records.StartAsync(record.RequestId, null, approved, reason, ct).ConfigureAwait(false);
            if (refused is not null)
            {
                await FailAsync(refused, reason, ct).ConfigureAwait(false);
            }

            return null;
        }

        var reservation = await nonces.ReserveAsync(record.WalletId, intent.ChainId, record.RequestId, time.GetUtcNow(), ct).ConfigureAwait(false);
        var (transaction, fees) = await planner.PlanAsync(intent, reservation.Nonce, cap, ct).ConfigureAwait(false);
        var note = $"max fee {fees.MaxFeePerGas} wei/gas, tip {fees.MaxPriorityFeePerGas}, gas {transaction.GasLimit}{(fees.BelowBaseFee ? "; the fee cap is below the base fee: it may wait to be mined" : "")}";
        return await records.StartAsync(record.RequestId, transaction, approved, note, ct).ConfigureAwait(false)
            ?? (await store.GetAsync(record.RequestId, ct).ConfigureAwait(false))?.Value;
    }

    private async Task FailAsync(TransactionRecord record, string reason, CancellationToken ct)
    {
        telemetry.Outcome("refused");
        LogRefused(record.RequestId, reason);
        if (await records.FailedAsync(record.RequestId, reason, ct).ConfigureAwait(false) is not null && record.Nonce is { } nonce)
        {
            // Never signed by anyone: the nonce goes to the wallet's next request (docs/state.md "walletNonces").
            var chainId = record.Request.ChainId;
            await nonces.ReleaseAsync(record.WalletId, chainId, record.RequestId, time.GetUtcNow(), ct).ConfigureAwait(false);
            LogReleased(record.RequestId, nonce);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: nonce {Nonce} signed, tx {TxHash}, by {Signers}; co-signer failures: {Attempts}")]
    private partial void LogSigned(string requestId, ulong nonce, string txHash, string signers, string attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId}: signing refused for good: {Reason}")]
    private partial void LogRefused(string requestId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: nonce {Nonce} given back to the wallet's next request")]
    private partial void LogReleased(string requestId, long nonce);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId}: no signing set now ({Reason}); the delivery is retried")]
    private partial void LogUnavailable(string requestId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} is {State}: duplicate delivery acknowledged")]
    private partial void LogDuplicate(string requestId, string state);
}
