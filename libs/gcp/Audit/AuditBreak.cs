namespace Custody.Gcp.Audit;

/// <summary>Why a chain is broken at a given sequence.</summary>
public enum AuditBreakKind
{
    /// <summary>An entry is missing or out of place: the next entry's sequence is not the expected one.</summary>
    SequenceGap,

    /// <summary>A second document claims a sequence an earlier document already holds (a forged extra entry).</summary>
    DuplicateSequence,

    /// <summary>The document's id is not the one derived from its chain and sequence (<see cref="AuditLayout.EntryPath"/>): an entry stored elsewhere or forged.</summary>
    MisplacedEntry,

    /// <summary>The entry's stored previous hash is not the hash of the entry before it.</summary>
    PreviousHashMismatch,

    /// <summary>The entry's content does not hash to its stored hash (it was modified).</summary>
    HashMismatch,

    /// <summary>The entry's document cannot be read as an audit entry.</summary>
    Malformed,

    /// <summary>The head document (last sequence and hash) disagrees with the last entry (entries removed from the end, or head missing).</summary>
    HeadMismatch,

    /// <summary>The log was recorded with another chain count than the verifier's (or has entries but no layout): not a break, a wrong reading.</summary>
    LayoutMismatch,
}

/// <summary>
/// The first broken link: in which chain, where, why, and the expected vs found value (sequence numbers or hashes).
/// <see cref="Chain"/> is null when no chain can be named (the layout, or a document that is no entry at all).
/// </summary>
public sealed record AuditBreak(long Sequence, AuditBreakKind Kind, string Expected, string Found, int? Chain = 0)
{
    public static AuditBreak Layout(string expected, string found) => new(0, AuditBreakKind.LayoutMismatch, expected, found, null);

    public static AuditBreak Malformed(string reason) => new(0, AuditBreakKind.Malformed, "a well-formed audit entry", reason, null);

    public override string ToString() => Chain is { } chain
        ? $"audit chain {chain} broken at sequence {Sequence}: {Kind} (expected {Expected}, found {Found})"
        : $"audit log unreadable: {Kind} (expected {Expected}, found {Found})";
}
