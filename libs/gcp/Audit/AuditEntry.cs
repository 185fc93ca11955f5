namespace Custody.Gcp.Audit;

/// <summary>
/// One link of the hash chain (<c>audit/{sequence}</c>): the record, its position and time, the hash of the
/// previous entry and its own hash (<see cref="AuditChainHash"/>). Sequences start at 1 and have no gaps.
/// </summary>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset Time,
    AuditRecord Record,
    AuditHash PreviousHash,
    AuditHash Hash)
{
    /// <summary>Builds the entry that follows <paramref name="previousHash"/> at <paramref name="sequence"/>.</summary>
    public static AuditEntry Create(long sequence, DateTimeOffset time, AuditRecord record, AuditHash previousHash)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentNullException.ThrowIfNull(record);
        var canonicalTime = AuditChainHash.CanonicalTime(time);
        return new AuditEntry(sequence, canonicalTime, record, previousHash, AuditChainHash.Compute(sequence, canonicalTime, record, previousHash));
    }
}
