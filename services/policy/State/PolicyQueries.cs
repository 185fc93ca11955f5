using Custody.Domain.Intents;
using Custody.Domain.Lifecycle;
using Custody.Domain.Policies;
using Custody.Gcp.Firestore;
using Custody.State;

namespace Custody.Policy.State;

/// <summary>The queries over <c>transactions/{requestId}</c> (libs/state) the policy service needs: velocity history, pending and due requests.</summary>
public static class PolicyQueries
{
    public const string WalletGates = "policy-wallets";

    /// <summary>States whose amount counts toward velocity: approved, or on its way to approval or to the chain.</summary>
    private static readonly HashSet<TransactionState> CountingStates =
    [
        TransactionState.PendingApproval, TransactionState.Approved, TransactionState.Signing, TransactionState.Signed,
        TransactionState.Broadcast, TransactionState.Confirmed,
    ];

    public static DocumentPath WalletGatePath(string walletId) => DocumentPath.Of(WalletGates, walletId);

    /// <summary>
    /// Serialises the policy decisions of one wallet: the read locks <c>policy-wallets/{walletId}</c> and the write
    /// makes two concurrent decisions conflict, so two requests can never both fit under a velocity limit that only
    /// one of them fits under.
    /// </summary>
    public static async Task EnterWalletAsync(FirestoreTransaction tx, string walletId, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var path = WalletGatePath(walletId);
        await tx.GetAsync(path, RawFields.Mapper, ct).ConfigureAwait(false);
        tx.Set(path, new FieldMap { ["walletId"] = FieldValue.String(walletId), ["lastDecisionAt"] = FieldValue.Timestamp(now) }, RawFields.Mapper);
    }

    /// <summary>
    /// The velocity history of a wallet: every request of it approved or in flight, at the time it was decided.
    /// Call after <see cref="EnterWalletAsync"/> in the deciding transaction: the query itself runs outside the
    /// transaction (a transactional query would lock the whole transactions collection on the emulator and stall
    /// intake's inserts), and is still exact, because the wallet gate serialises the wallet's decisions: a concurrent
    /// decision of the same wallet makes one commit fail, and its re-run queries again and sees the other's record.
    /// </summary>
    public static async Task<IReadOnlyList<VelocityEntry>> VelocityHistoryAsync(FirestoreDatabase database, string walletId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        var query = DocumentQuery.Collection(TransactionStore.Collection).Where("walletId", FilterOperator.Equal, FieldValue.String(walletId));
        var records = await database.QueryAsync(query, TransactionRecordMapper.Instance, ct).ConfigureAwait(false);
        return records.Select(d => d.Value)
            .Where(r => CountingStates.Contains(r.State) && r.DecidedAt is not null)
            .Select(r => (Record: r, Intent: TransactionIntent.Create(r.Request)))
            .Select(x => new VelocityEntry(x.Record.RequestId, walletId, x.Intent.Asset, x.Intent.Amount, x.Record.DecidedAt!.Value))
            .ToList();
    }

    /// <summary>Requests PendingApproval (at most <paramref name="limit"/>).</summary>
    public static async Task<IReadOnlyList<TransactionRecord>> PendingAsync(FirestoreDatabase database, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        var query = DocumentQuery.Collection(TransactionStore.Collection)
            .Where("state", FilterOperator.Equal, FieldValue.String(nameof(TransactionState.PendingApproval)))
            .Limit(limit);
        return (await database.QueryAsync(query, TransactionRecordMapper.Instance, ct).ConfigureAwait(false)).Select(d => d.Value).ToList();
    }

    /// <summary>Requests still PendingApproval whose deadline is at or before <paramref name="now"/> (index: state ASC, deadline ASC).</summary>
    public static async Task<IReadOnlyList<string>> DueAsync(FirestoreDatabase database, DateTimeOffset now, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        var query = DocumentQuery.Collection(TransactionStore.Collection)
            .Where("state", FilterOperator.Equal, FieldValue.String(nameof(TransactionState.PendingApproval)))
            .Where("deadline", FilterOperator.LessThanOrEqual, FieldValue.Timestamp(now))
            .Limit(limit);
        return (await database.QueryAsync(query, RawFields.Mapper, ct).ConfigureAwait(false)).Select(d => d.Path.Id).ToList();
    }
}
