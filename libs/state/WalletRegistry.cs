using System.Globalization;
using Custody.Gcp.Firestore;

namespace Custody.State;

/// <summary>Reads and registers wallets in <c>wallets/{walletId}</c>.</summary>
public sealed class WalletRegistry(FirestoreDatabase database)
{
    public const string Collection = "wallets";

    private readonly FirestoreDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    public static DocumentPath PathOf(string walletId) => DocumentPath.Of(Collection, walletId);

    public async Task<WalletRecord?> GetAsync(string walletId, CancellationToken ct = default) =>
        (await _database.GetAsync(PathOf(walletId), Mapper.Instance, ct).ConfigureAwait(false))?.Value;

    /// <summary>Every registered wallet (at most <paramref name="limit"/>), by id.</summary>
    public async Task<IReadOnlyList<WalletRecord>> ListAsync(int limit = 1000, CancellationToken ct = default) =>
        [.. (await _database.QueryAsync(DocumentQuery.Collection(Collection).Limit(limit), Mapper.Instance, ct).ConfigureAwait(false)).Select(d => d.Value)];

    /// <summary>Creates or replaces the wallet document (operators and tests).</summary>
    public Task RegisterAsync(WalletRecord wallet, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(wallet);
        return _database.SetAsync(PathOf(wallet.WalletId), wallet, Mapper.Instance, ct);
    }

    private sealed class Mapper : IDocumentMapper<WalletRecord>
    {
        public static Mapper Instance { get; } = new();

        public FieldMap ToFields(WalletRecord value) => new()
        {
            ["walletId"] = FieldValue.String(value.WalletId),
            ["address"] = FieldValue.String(value.Address),
            // Decimal strings: Firestore integers are signed 64-bit, chain ids are unsigned.
            ["chainIds"] = FieldValue.Array(value.ChainIds.Select(c => FieldValue.String(c.ToString(CultureInfo.InvariantCulture)))),
        };

        public WalletRecord FromFields(FieldMap fields) => new(
            fields.GetString("walletId"),
            fields.GetString("address"),
            fields.GetArray("chainIds").Select(v => ulong.TryParse(v.AsString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw new FormatException("The field 'chainIds' holds a value that is not an unsigned 64-bit decimal.")).ToArray());
    }
}
