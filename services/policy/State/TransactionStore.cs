using Custody.Domain.Intents;
using Custody.Domain.Lifecycle;
using Custody.Domain.Policies;
using Custody.Ethereum;
using Custody.Gcp.Firestore;

namespace Custody.Policy.State;

/// <summary>Reads and queries of <c>transactions/{requestId}</c> the policy service needs, inside or outside a transaction.</summary>
public static class TransactionStore
{
    public const string Collection = "transactions";
    public const string WalletGates = "policy-wallets";

    /// <summary>States whose amount counts toward velocity: approved, or on its way to approval or to the chain.</summary>
    private static readonly HashSet<string> CountingStates = new(
        new[] { TransactionState.PendingApproval, TransactionState.Approved, TransactionState.Signing, TransactionState.Signed,
            TransactionState.Broadcast, TransactionState.Confirmed }.Select(s => s.ToString()), StringComparer.Ordinal);

    public static DocumentPath PathOf(string requestId) => DocumentPath.Of(Collection, requestId);

    /// <summary>
    /// Serialises the policy decisions of one wallet: the read locks <c>policy-wallets/{walletId}</c> and the write
    /// makes two concurrent decisions conflict, so two requests can never both fit under a velocity limit that only
    /// one of them fits under.
    /// </summary>
    public static async Task EnterWalletAsync(FirestoreTransaction tx, string walletId, DateTimeOffset now, CancellationToken ct)
    {
        var path = DocumentPath.Of(WalletGates, walletId);
        await tx.GetAsync(path, RawFields.Mapper, ct).ConfigureAwait(false);
        tx.Set(path, new FieldMap { ["walletId"] = FieldValue.String(walletId), ["lastDecisionAt"] = FieldValue.Timestamp(now) }, RawFields.Mapper);
    }

    /// <summary>The velocity history of a wallet: every request of it approved or in flight, with the time it was decided.</summary>
    public static async Task<IReadOnlyList<VelocityEntry>> VelocityHistoryAsync(FirestoreTransaction tx, string walletId, CancellationToken ct)
    {
        var query = DocumentQuery.Collection(Collection).Where("walletId", FilterOperator.Equal, FieldValue.String(walletId));
        var documents = await tx.QueryAsync(query, RawFields.Mapper, ct).ConfigureAwait(false);
        var history = new List<VelocityEntry>();
        foreach (var fields in documents.Select(d => d.Value))
        {
            if (fields.GetOptionalString("state") is { } state && CountingStates.Contains(state) && fields.Contains("decidedAt") &&
                Asset.TryParse(fields.GetString("asset"), out var asset) && UInt256.TryParse(fields.GetString("amount"), out var amount))
            {
                history.Add(new VelocityEntry(fields.GetString("requestId"), walletId, asset, amount, fields.GetTimestamp("decidedAt")));
            }
        }

        return history;
    }

    public static async Task<IReadOnlyList<PolicyRecord>> PendingAsync(FirestoreDatabase database, int limit, CancellationToken ct)
    {
        var query = DocumentQuery.Collection(Collection)
            .Where("state", FilterOperator.Equal, FieldValue.String(nameof(TransactionState.PendingApproval)))
            .Limit(limit);
        return (await database.QueryAsync(query, PolicyRecordMapper.Instance, ct).ConfigureAwait(false)).Select(d => d.Value).ToList();
    }

    /// <summary>Requests still PendingApproval whose deadline is at or before <paramref name="now"/>.</summary>
    public static async Task<IReadOnlyList<string>> DueAsync(FirestoreDatabase database, DateTimeOffset now, int limit, CancellationToken ct)
    {
        var query = DocumentQuery.Collection(Collection)
            .Where("state", FilterOperator.Equal, FieldValue.String(nameof(TransactionState.PendingApproval)))
            .Where("deadline", FilterOperator.LessThanOrEqual, FieldValue.Timestamp(now))
            .Limit(limit);
        return (await database.QueryAsync(query, RawFields.Mapper, ct).ConfigureAwait(false)).Select(d => d.Path.Id).ToList();
    }
}
