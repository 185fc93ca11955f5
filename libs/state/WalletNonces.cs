using System.Globalization;
using Custody.Gcp.Firestore;

namespace Custody.State;

/// <summary>
/// The signer's nonce counter of each wallet and chain (docs/state.md "walletNonces"; issue "Signer and co-signers",
/// item 4): <c>walletNonces/{walletId}/chains/{chainId}</c> holds the next free nonce, and
/// <c>.../reservations/{requestId}</c> the nonce each request was given. <see cref="ReserveAsync"/> reads both and
/// writes both in one atomic commit conditioned on what it read (FirestoreDatabase.RunOptimisticAsync), so it is
/// idempotent per request id (a redelivery gets the same nonce), two requests never get the same nonce, concurrent
/// reservations are serialized (the loser's commit precondition fails and it re-reads), and the nonces handed out are consecutive. Kept apart from <c>wallets/{walletId}</c>,
/// which operators re-register with a replacing write that would reset a counter kept there.
/// </summary>
public sealed class WalletNonces(FirestoreDatabase database, TransactionRetryPolicy? retryPolicy = null)
{
    public const string Collection = "walletNonces";
    public const string ChainsCollection = "chains";
    public const string ReservationsCollection = "reservations";

    private readonly FirestoreDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>
    /// The nonce of <paramref name="requestId"/> on the wallet and chain: the one reserved before, or the counter's
    /// next (0 for a counter that does not exist yet), which the counter then moves past.
    /// </summary>
    public Task<NonceReservation> ReserveAsync(string walletId, ulong chainId, string requestId, DateTimeOffset now, CancellationToken ct = default)
    {
        var counter = CounterPath(walletId, chainId);
        DocumentPath.ValidateSegment(requestId);
        var reservation = counter.Child(ReservationsCollection, requestId);
        return _database.RunOptimisticAsync([reservation, counter], (read, writes) =>
        {
            if (read[0] is { } existing)
            {
                return new NonceReservation(walletId, chainId, requestId, Unsigned(existing.Value, "nonce"), existing.Value.GetTimestamp("reservedAt"), IsNew: false);
            }

            // A nonce released by a request whose signing failed for good is handed out first: never a gap.
            var released = read[1] is { } current ? Released(current.Value) : [];
            var next = read[1] is { } before ? Unsigned(before.Value, "next") : 0UL;
            var nonce = released.Count > 0 ? released[0] : next;
            if (released.Count > 0)
            {
                released.RemoveAt(0);
            }
            else
            {
                next = checked(next + 1);
            }

            writes.Put(reservation, new FieldMap
            {
                ["requestId"] = FieldValue.String(requestId),
                ["nonce"] = FieldValue.String(nonce.ToString(CultureInfo.InvariantCulture)),
                ["reservedAt"] = FieldValue.Timestamp(now),
            });
            writes.Put(counter, CounterFields(walletId, chainId, next, released, now));
            return new NonceReservation(walletId, chainId, requestId, nonce, now, IsNew: true);
        }, retryPolicy, ct);
    }

    /// <summary>
    /// Gives back the nonce of <paramref name="requestId"/>, whose signing failed for good and which was never signed:
    /// the next reservation of the wallet and chain takes it, so the chain sees no gap. The reservation is removed
    /// (the request keeps its failed state); false when it holds none.
    /// </summary>
    public Task<bool> ReleaseAsync(string walletId, ulong chainId, string requestId, DateTimeOffset now, CancellationToken ct = default)
    {
        var counter = CounterPath(walletId, chainId);
        DocumentPath.ValidateSegment(requestId);
        var reservation = counter.Child(ReservationsCollection, requestId);
        return _database.RunOptimisticAsync([reservation, counter], (read, writes) =>
        {
            if (read[0] is not { } existing || read[1] is not { } current)
            {
                return false;
            }

            var released = Released(current.Value);
            released.Add(Unsigned(existing.Value, "nonce"));
            released.Sort();
            writes.Delete(reservation);
            writes.Put(counter, CounterFields(walletId, chainId, Unsigned(current.Value, "next"), released, now));
            return true;
        }, retryPolicy, ct);
    }

    /// <summary>The nonces released and not yet handed out again, lowest first.</summary>
    public async Task<IReadOnlyList<ulong>> ReleasedAsync(string walletId, ulong chainId, CancellationToken ct = default) =>
        await _database.GetAsync(CounterPath(walletId, chainId), RawFields.Mapper, ct).ConfigureAwait(false) is { } counter ? Released(counter.Value) : [];

    /// <summary>The next nonce the counter would hand out (0 if it does not exist).</summary>
    public async Task<ulong> NextAsync(string walletId, ulong chainId, CancellationToken ct = default) =>
        await _database.GetAsync(CounterPath(walletId, chainId), RawFields.Mapper, ct).ConfigureAwait(false) is { } counter
            ? Unsigned(counter.Value, "next")
            : 0UL;

    private static DocumentPath CounterPath(string walletId, ulong chainId)
    {
        DocumentPath.ValidateSegment(walletId);
        if (chainId == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(chainId), "a chain id is at least 1");
        }

        return DocumentPath.Of(Collection, walletId).Child(ChainsCollection, chainId.ToString(CultureInfo.InvariantCulture));
    }

    private static FieldMap CounterFields(string walletId, ulong chainId, ulong next, List<ulong> released, DateTimeOffset now) => new()
    {
        ["walletId"] = FieldValue.String(walletId),
        ["chainId"] = FieldValue.String(chainId.ToString(CultureInfo.InvariantCulture)),
        ["next"] = FieldValue.String(next.ToString(CultureInfo.InvariantCulture)),
        ["released"] = FieldValue.Array(released.Select(n => FieldValue.String(n.ToString(CultureInfo.InvariantCulture)))),
        ["updatedAt"] = FieldValue.Timestamp(now),
    };

    private static List<ulong> Released(FieldMap fields) =>
        !fields.TryGet("released", out var released) || released.IsNull
            ? []
            : [.. released.AsArray().Select(v => ulong.TryParse(v.AsString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new FormatException("The field 'released' holds a value that is not an unsigned 64-bit decimal.")).Order()];

    private static ulong Unsigned(FieldMap fields, string name) =>
        ulong.TryParse(fields.GetString(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"The field '{name}' holds a value that is not an unsigned 64-bit decimal.");
}
