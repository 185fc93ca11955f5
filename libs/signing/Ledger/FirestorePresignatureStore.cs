using System.Security.Cryptography;
using Custody.Gcp.Firestore;
using Custody.Keys.Sealing;
using Custody.Mpc.Presigning;
using Custody.Mpc.Protocol;

namespace Custody.Signing.Ledger;

/// <summary>
/// A party's <see cref="IPresignatureStore"/> on Firestore, shared by every replica of the party:
/// <c>mpcPresignatures/{party}/wallets/{walletId}/presignatures/{id}</c> holds the state (available or consumed), the
/// party set and one sealed blob: the share while available, the consumed record (message hash and partial) after.
/// Sealing uses the party's libs/keys provider with the wallet and "{party}/presignature/{id}" in the associated data,
/// so a blob cannot be moved to another wallet, party or document; the share's own id is checked again after unsealing.
/// Consuming is one Firestore transaction (read, decide, replace the share by the consumed record, conditional on the
/// version read): of concurrent consumers in any number of processes, those that lose re-run against the committed
/// state, and only the first message ever gets a partial. Residual risk (SECURITY.md): whoever can roll the party's
/// database back to an earlier copy can make it finish a presignature twice; each party keeps its own database.
/// </summary>
public sealed class FirestorePresignatureStore : IPresignatureStore
{
    public const string Collection = "mpcPresignatures";
    public const string WalletsCollection = "wallets";
    public const string PresignaturesCollection = "presignatures";

    private const string Available = "available";
    private const string Consumed = "consumed";

    private readonly FirestoreDatabase _database;
    private readonly string _party;
    private readonly KeySealer _sealer;

    /// <param name="party">The party's name (e.g. <c>cosigner-a</c>), at most 40 characters.</param>
    public FirestorePresignatureStore(FirestoreDatabase database, string party, IKeyEncryptionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(provider);
        DocumentPath.ValidateSegment(party);
        if (party.Length > 40)
        {
            throw new ArgumentException("a party name is at most 40 characters", nameof(party));
        }

        _database = database;
        _party = party;
        _sealer = new KeySealer(provider);
    }

    public async ValueTask AddAsync(PresignatureShare share, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(share);
        var id = Convert.ToHexStringLower(share.Id);
        var plaintext = PresignatureCodec.Serialize(share);
        byte[] sealedShare;
        try
        {
            sealedShare = await _sealer.SealAsync(plaintext, ContextOf(share.WalletId, id), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        try
        {
            await _database.CreateAsync(PathOf(share.WalletId, id), new FieldMap
            {
                ["state"] = FieldValue.String(Available),
                ["parties"] = FieldValue.String(PartiesKey(share.Parties)),
                ["sealed"] = FieldValue.Bytes(sealedShare),
                ["createdAt"] = FieldValue.Timestamp(DateTimeOffset.UtcNow),
            }, RawFields.Mapper, cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentAlreadyExistsException e)
        {
            throw new PresignatureRefusedException($"presignature {id} of wallet {share.WalletId} is already stored by {_party}", e);
        }
    }

    public async ValueTask<ConsumedPresignature> ConsumeAsync(PresignatureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = PathOf(request.WalletId, request.IdHex);
        var context = ContextOf(request.WalletId, request.IdHex);
        return await _database.RunTransactionAsync(async (transaction, token) =>
        {
            var document = await transaction.GetAsync(path, RawFields.Mapper, token).ConfigureAwait(false)
                ?? throw new PresignatureRefusedException($"presignature {request.IdHex} of wallet {request.WalletId} is unknown to {_party}");
            using var plaintext = await UnsealAsync(document.Value.GetBytes("sealed"), context, token).ConfigureAwait(false);
            if (document.Value.GetString("state") == Consumed)
            {
                return PresignatureConsumption.Repeat(PresignatureCodec.DeserializeConsumed(plaintext.Span), request);
            }

            var finished = PresignatureConsumption.Finish(PresignatureCodec.DeserializeShare(plaintext.Span), request);
            var sealedRecord = await _sealer.SealAsync(PresignatureCodec.Serialize(finished), context, token).ConfigureAwait(false);
            transaction.Update(path, new FieldMap
            {
                ["state"] = FieldValue.String(Consumed),
                ["parties"] = FieldValue.String(document.Value.GetString("parties")),
                ["sealed"] = FieldValue.Bytes(sealedRecord),
                ["consumedAt"] = FieldValue.Timestamp(DateTimeOffset.UtcNow),
            }, RawFields.Mapper, document.UpdateTime);
            return finished;
        }, ct: cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<byte[]>> AvailableAsync(string walletId, IReadOnlyList<PartyId> parties, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parties);
        var query = DocumentQuery.Collection(PresignaturesCollection, DocumentPath.Of(Collection, _party).Child(WalletsCollection, walletId))
            .Where("state", FilterOperator.Equal, FieldValue.String(Available))
            .Where("parties", FilterOperator.Equal, FieldValue.String(PartiesKey(parties)));
        var documents = await _database.QueryAsync(query, RawFields.Mapper, cancellationToken).ConfigureAwait(false);
        return documents.Select(d => Convert.FromHexString(d.Path.Id)).ToArray();
    }

    private static string PartiesKey(IReadOnlyList<PartyId> parties) => string.Join(',', parties.OrderBy(p => p).Select(p => p.Value));

    private DocumentPath PathOf(string walletId, string idHex)
    {
        DocumentPath.ValidateSegment(walletId);
        return DocumentPath.Of(Collection, _party).Child(WalletsCollection, walletId).Child(PresignaturesCollection, idHex);
    }

    private SealingContext ContextOf(string walletId, string idHex) => SealingContext.Create(walletId, $"{_party}/presignature/{idHex}", 1);

    private async Task<Keys.SecretBytes> UnsealAsync(ReadOnlyMemory<byte> sealedBytes, SealingContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await _sealer.UnsealAsync(sealedBytes, context, cancellationToken).ConfigureAwait(false);
        }
        catch (KeySealingException e)
        {
            throw new PresignatureRefusedException($"a presignature of {_party} for wallet {context.WalletId} cannot be unsealed: {e.Message}", e);
        }
    }
}
