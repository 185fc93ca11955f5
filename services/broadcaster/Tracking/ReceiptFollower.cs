using Custody.Broadcaster.Broadcasting;
using Custody.Chain;
using Custody.Domain.Policies;
using Custody.Ethereum;
using Custody.Signing.Admission;
using Microsoft.Extensions.Options;

namespace Custody.Broadcaster.Tracking;

/// <summary>
/// One look at one tracked broadcast against the chain head (docs/broadcaster.md "Tracking"):
/// a receipt counts only while its block is the canonical block at its height (the node's block by number has the
/// receipt's block hash); a receipt that disappears or moves is a reorg (Mined -> Pending, resubmitted, tracked again);
/// with <see cref="BroadcasterOptions.Confirmations"/> blocks (inclusion block included) a successful receipt confirms and
/// a reverted one fails with the revert reason; no receipt for <see cref="BroadcasterOptions.ReplaceAfter"/> asks for a
/// fee replacement, unless the account's nonce has moved past ours (another transaction took it: failed).
/// </summary>
public sealed partial class ReceiptFollower(
    BroadcastStore store, EthereumNode node, Submission submission, PolicyBook policies, BroadcasterTelemetry telemetry,
    IOptions<BroadcasterOptions> options, TimeProvider time, ILogger<ReceiptFollower> logger)
{
    public async Task FollowAsync(BroadcastRecord broadcast, ulong head, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        var (receipt, mined) = await MinedAmongAsync(broadcast, ct).ConfigureAwait(false);
        if (receipt is null || mined is null)
        {
            await NotMinedAsync(broadcast, ct).ConfigureAwait(false);
            return;
        }

        var hash = Bytes32.Parse(mined.TransactionHash);
        var blockHash = receipt.BlockHash.ToString();
        if (broadcast.Status != BroadcastStatus.Mined || broadcast.BlockHash != blockHash || !string.Equals(mined.TransactionHash, broadcast.TransactionHash, StringComparison.OrdinalIgnoreCase))
        {
            if (await store.MinedAsync(broadcast, mined, receipt.BlockNumber, blockHash, ct).ConfigureAwait(false))
            {
                LogMined(broadcast.RequestId, broadcast.TransactionHash, receipt.BlockNumber, broadcast.Status == BroadcastStatus.Mined);
                telemetry.Outcome(broadcast.Status == BroadcastStatus.Mined ? "reorganised" : "mined");
            }

            return;
        }

        var confirmations = head >= receipt.BlockNumber ? head - receipt.BlockNumber + 1 : 0;
        if (confirmations < (ulong)options.Value.Confirmations)
        {
            return;
        }

        if (receipt.Succeeded)
        {
            if (await store.ConfirmedAsync(broadcast, options.Value.Confirmations, ct).ConfigureAwait(false))
            {
                telemetry.Outcome("confirmed");
                telemetry.Confirmed(time.GetUtcNow() - broadcast.SubmittedAt);
                LogConfirmed(broadcast.RequestId, broadcast.TransactionHash, receipt.BlockNumber, options.Value.Confirmations);
            }

            return;
        }

        var reason = await RevertReasonAsync(hash, receipt.BlockNumber, ct).ConfigureAwait(false);
        if (await store.RevertedAsync(broadcast, reason, ct).ConfigureAwait(false))
        {
            telemetry.Outcome("reverted");
            LogReverted(broadcast.RequestId, broadcast.TransactionHash, reason);
        }
    }

    private async Task NotMinedAsync(BroadcastRecord broadcast, CancellationToken ct)
    {
        if (broadcast.Status == BroadcastStatus.Mined)
        {
            // The block holding it is gone: track it again from Pending, and hand it to the node again (a reorg may
            // have dropped it from the node's pool; "already known" and "already mined" are fine).
            if (!await store.ReorganisedAsync(broadcast, ct).ConfigureAwait(false))
            {
                return;
            }

            telemetry.Outcome("reorganised");
            LogReorganised(broadcast.RequestId, broadcast.TransactionHash, broadcast.BlockHash ?? "none");
            var pending = broadcast with { Status = BroadcastStatus.Pending, BlockNumber = null, BlockHash = null, Reorgs = broadcast.Reorgs + 1 };
            var outcome = await submission.SubmitAsync(pending.RawTransaction, Bytes32.Parse(pending.TransactionHash), pending.Nonce, ct).ConfigureAwait(false);
            if (!outcome.Accepted && await store.RefusedAsync(pending, outcome.Refusal!, ct).ConfigureAwait(false))
            {
                telemetry.Outcome("refused");
            }

            return;
        }

        var since = broadcast.LastReplacementAt ?? broadcast.SubmittedAt;
        if (time.GetUtcNow() - since < options.Value.ReplaceAfter)
        {
            return;
        }

        if (!SignedEventCheck.TryDecode(broadcast.RawTransaction, out var stuck, out var why))
        {
            throw new InvalidOperationException($"Broadcast {broadcast.RequestId}: the stored raw transaction {why}.");
        }

        var sender = stuck!.RecoverSender();
        if (await node.GetTransactionCountAsync(sender, BlockTag.Latest, ct).ConfigureAwait(false) > broadcast.Nonce
            && (await MinedAmongAsync(broadcast, ct).ConfigureAwait(false)).Receipt is null)
        {
            // None of our transactions has a receipt but the account's nonce moved past them: another transaction took the nonce.
            if (await store.RefusedAsync(broadcast, $"nonce {broadcast.Nonce} was used by another transaction", ct).ConfigureAwait(false))
            {
                telemetry.Outcome("nonce-taken");
            }

            return;
        }

        var latest = await node.GetBlockByNumberAsync(BlockTag.Latest, ct).ConfigureAwait(false);
        var bump = FeeBump.For(stuck, options.Value.FeeBumpPercent, latest?.BaseFeePerGas, FeeCapOf(broadcast));
        if (await store.ReplacementRequestedAsync(broadcast, bump, ct).ConfigureAwait(false))
        {
            telemetry.Outcome(bump.RequiresNewApproval ? "approval-required" : "replacement-requested");
            LogReplacement(broadcast.RequestId, broadcast.TransactionHash, bump.MaxFeePerGas.ToString(), bump.RequiresNewApproval);
        }
    }

    private FeeCap? FeeCapOf(BroadcastRecord broadcast) =>
        policies.TryGet(broadcast.PolicyId, out var policy) && policy.TryGetFeeCap(broadcast.ChainId, out var cap) ? cap : null;

    /// <summary>
    /// The canonical receipt of whichever of the broadcast's transactions (the current one, then those a fee
    /// replacement took over from) is mined, and that transaction; none when no receipt is in a canonical block.
    /// At most one can be: they share a sender and nonce.
    /// </summary>
    private async Task<(TransactionReceipt? Receipt, EarlierTransaction? Mined)> MinedAmongAsync(BroadcastRecord broadcast, CancellationToken ct)
    {
        foreach (var candidate in broadcast.All)
        {
            if (await node.GetTransactionReceiptAsync(Bytes32.Parse(candidate.TransactionHash), ct).ConfigureAwait(false) is { } receipt
                && await IsCanonicalAsync(receipt, ct).ConfigureAwait(false))
            {
                return (receipt, candidate);
            }
        }

        return (null, null);
    }

    private async Task<bool> IsCanonicalAsync(TransactionReceipt receipt, CancellationToken ct) =>
        await node.GetBlockByNumberAsync(BlockTag.Number(receipt.BlockNumber), ct).ConfigureAwait(false) is { } block && block.Hash == receipt.BlockHash;

    private async Task<string> RevertReasonAsync(Bytes32 hash, ulong blockNumber, CancellationToken ct)
    {
        var transaction = await node.GetTransactionByHashAsync(hash, ct).ConfigureAwait(false);
        var reason = transaction is null ? null : await node.GetRevertReasonAsync(transaction, blockNumber, ct).ConfigureAwait(false);
        // The reason is the contract's text (untrusted): bounded before it goes into records and events.
        return reason is null ? "reverted (no reason given)" : "reverted: " + (reason.Length <= 200 ? reason : reason[..200] + "...");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: {TransactionHash} mined in block {BlockNumber} (moved by a reorg: {Moved}).")]
    private partial void LogMined(string requestId, string transactionHash, ulong blockNumber, bool moved);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId}: the block {BlockHash} holding {TransactionHash} was reorganised away; tracking again.")]
    private partial void LogReorganised(string requestId, string transactionHash, string blockHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: {TransactionHash} confirmed in block {BlockNumber} ({Confirmations} confirmations).")]
    private partial void LogConfirmed(string requestId, string transactionHash, ulong blockNumber, int confirmations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId}: {TransactionHash} failed on chain: {Reason}.")]
    private partial void LogReverted(string requestId, string transactionHash, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId}: {TransactionHash} not mined in time; replacement requested at max fee {MaxFeePerGas} (new approvals required: {RequiresNewApproval}). The signer signs it under the original approval when within the cap (docs/signing.md \"Fee replacements\").")]
    private partial void LogReplacement(string requestId, string transactionHash, string maxFeePerGas, bool requiresNewApproval);
}
