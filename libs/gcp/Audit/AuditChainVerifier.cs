namespace Custody.Gcp.Audit;

/// <summary>
/// Walks the entries of ONE chain in document id order and finds the first broken link. Pure: feed it every document
/// of the collection that belongs to chain <see cref="Chain"/> with <see cref="Check"/> (stop at the first non-null
/// result), then <see cref="CheckHead"/> with the chain's head document. Checks, per document: its sequence was not
/// claimed by an earlier document, its id is the one derived from its chain and sequence
/// (<see cref="AuditLayout.EntryPath"/>; ids are unique, so no two documents can hold one sequence), sequence = previous + 1 (starting at 1), previous hash = hash of the entry before (genesis: zeros),
/// stored hash = recomputed hash; at the end: head = (last sequence, last hash).
/// </summary>
public sealed class AuditChainVerifier(int chain = 0)
{
    private long _lastSequence;
    private AuditHash _lastHash = AuditHash.Genesis;

    public int Chain { get; } = chain;

    public long EntriesChecked { get; private set; }

    /// <summary>Checks the entry read from the document <paramref name="documentId"/> of the audit collection.</summary>
    public AuditBreak? Check(string documentId, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        ArgumentNullException.ThrowIfNull(entry);
        var expected = _lastSequence + 1;
        if (entry.Sequence >= 1 && entry.Sequence < expected)
        {
            return new AuditBreak(entry.Sequence, AuditBreakKind.DuplicateSequence, $"one document for sequence {entry.Sequence}", $"another in document {documentId}", Chain);
        }

        var expectedId = AuditLayout.EntryPath(Chain, entry.Sequence).Id;
        if (!string.Equals(documentId, expectedId, StringComparison.Ordinal))
        {
            return new AuditBreak(expected, AuditBreakKind.MisplacedEntry, $"sequence {entry.Sequence} in document {expectedId}", $"document {documentId}", Chain);
        }

        if (entry.Sequence != expected)
        {
            return new AuditBreak(expected, AuditBreakKind.SequenceGap, $"sequence {expected}", $"sequence {entry.Sequence}", Chain);
        }

        if (entry.PreviousHash != _lastHash)
        {
            return new AuditBreak(expected, AuditBreakKind.PreviousHashMismatch, _lastHash.ToString(), entry.PreviousHash.ToString(), Chain);
        }

        var recomputed = AuditChainHash.Compute(entry.Sequence, entry.Time, entry.Record, entry.PreviousHash);
        if (recomputed != entry.Hash)
        {
            return new AuditBreak(expected, AuditBreakKind.HashMismatch, recomputed.ToString(), entry.Hash.ToString(), Chain);
        }

        _lastSequence = entry.Sequence;
        _lastHash = entry.Hash;
        EntriesChecked++;
        return null;
    }

    public long NextSequence => _lastSequence + 1;

    /// <summary>Compares the head (null if absent) with the last entry checked.</summary>
    public AuditBreak? CheckHead(long? headSequence, AuditHash? headHash)
    {
        if (headSequence is null || headHash is null)
        {
            return _lastSequence == 0 ? null : new AuditBreak(_lastSequence, AuditBreakKind.HeadMismatch, $"head at sequence {_lastSequence}", "no head", Chain);
        }

        if (headSequence != _lastSequence)
        {
            return new AuditBreak(Math.Min(headSequence.Value, _lastSequence + 1), AuditBreakKind.HeadMismatch, $"head at sequence {_lastSequence}", $"head at sequence {headSequence}", Chain);
        }

        return headHash.Value == _lastHash ? null : new AuditBreak(_lastSequence, AuditBreakKind.HeadMismatch, _lastHash.ToString(), headHash.Value.ToString(), Chain);
    }
}
