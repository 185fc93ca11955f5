using System.Globalization;
using Custody.Gcp.Firestore;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;

namespace Custody.Signing.Ledger;

/// <summary>
/// A party's <see cref="ISessionLedger"/> on Firestore (libs/mpc/SECURE_USAGE.md, "Session ledger"), shared by every
/// replica of that party: <c>mpcLedgers/{party}/answeredSessions/{key}</c> and <c>mpcLedgers/{party}/discardedPairs/{key}</c>.
/// An answer is recorded with a create that fails when the document exists, so of two replicas (or a restarted
/// process and its predecessor) answering the same agreed session exactly one is told to go on, and only after
/// the record is committed. Each party uses its own database (a co-signer its own project), so no other operator
/// can write its ledger.
/// </summary>
public sealed class FirestoreSessionLedger : ISessionLedger
{
    public const string Collection = "mpcLedgers";
    public const string AnsweredCollection = "answeredSessions";
    public const string DiscardedCollection = "discardedPairs";

    private readonly FirestoreDatabase _database;
    private readonly DocumentPath _root;

    /// <param name="party">The party's name (e.g. <c>cosigner-a</c>): the ledger document of this party.</param>
    public FirestoreSessionLedger(FirestoreDatabase database, string party)
    {
        ArgumentNullException.ThrowIfNull(database);
        DocumentPath.ValidateSegment(party);
        _database = database;
        _root = DocumentPath.Of(Collection, party);
    }

    public async ValueTask<bool> TryRecordAnswerAsync(AnsweredSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var path = _root.Child(AnsweredCollection, DocumentKey(session.KeyId.Span, session.Self, session.SessionId.Span));
        var fields = new FieldMap
        {
            ["keyId"] = FieldValue.String(Convert.ToHexStringLower(session.KeyId.Span)),
            ["party"] = FieldValue.Integer(session.Self.Value),
            ["sessionId"] = FieldValue.String(Convert.ToHexStringLower(session.SessionId.Span)),
            ["recordedAt"] = FieldValue.Timestamp(DateTimeOffset.UtcNow),
        };
        try
        {
            await _database.CreateAsync(path, fields, RawFields.Mapper, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DocumentAlreadyExistsException)
        {
            return false;
        }
    }

    public async ValueTask RecordDiscardedPairAsync(DiscardedPair pair, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var id = $"{Convert.ToHexStringLower(pair.KeyId.Span)}-{pair.Self.Value}-{pair.Counterpart.Value}-{pair.OtEpoch.ToString(CultureInfo.InvariantCulture)}";
        var fields = new FieldMap
        {
            ["keyId"] = FieldValue.String(Convert.ToHexStringLower(pair.KeyId.Span)),
            ["party"] = FieldValue.Integer(pair.Self.Value),
            ["counterpart"] = FieldValue.Integer(pair.Counterpart.Value),
            ["otEpoch"] = FieldValue.Integer(pair.OtEpoch),
            ["recordedAt"] = FieldValue.Timestamp(DateTimeOffset.UtcNow),
        };
        // Idempotent: the same discard recorded twice is one document.
        await _database.SetAsync(_root.Child(DiscardedCollection, id), fields, RawFields.Mapper, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<DiscardedPair>> DiscardedPairsAsync(ReadOnlyMemory<byte> keyId, PartyId self, CancellationToken cancellationToken)
    {
        var query = DocumentQuery.Collection(DiscardedCollection, _root)
            .Where("keyId", FilterOperator.Equal, FieldValue.String(Convert.ToHexStringLower(keyId.Span)))
            .Where("party", FilterOperator.Equal, FieldValue.Integer(self.Value));
        var documents = await _database.QueryAsync(query, RawFields.Mapper, cancellationToken).ConfigureAwait(false);
        return documents.Select(d => new DiscardedPair(
            keyId.ToArray(),
            self,
            PartyId.Create(checked((int)d.Value.GetInteger("counterpart"))),
            checked((uint)d.Value.GetInteger("otEpoch")))).ToArray();
    }

    /// <summary>Hex of the key id, the party and the agreed session id (no '/', a valid document id).</summary>
    private static string DocumentKey(ReadOnlySpan<byte> keyId, PartyId self, ReadOnlySpan<byte> sessionId) =>
        $"{Convert.ToHexStringLower(keyId)}-{self.Value}-{Convert.ToHexStringLower(sessionId)}";
}
