namespace Custody.Broadcaster.Tracking;

/// <summary>Where a broadcast is in the broadcaster's own life cycle (docs/broadcaster.md "States").</summary>
public enum BroadcastStatus
{
    /// <summary>Recorded before the first submission; a redelivery or a restart submits again (idempotent at the node).</summary>
    Submitting,

    /// <summary>Accepted by the node (or found already known or mined); no receipt yet, or its block was reorganised away.</summary>
    Pending,

    /// <summary>A receipt in a canonical block, counting confirmations.</summary>
    Mined,

    /// <summary>Terminal: successful receipt with the required confirmations; transaction-confirmed published.</summary>
    Confirmed,

    /// <summary>Terminal: reverted with the required confirmations, or refused by the node; transaction-failed published.</summary>
    Failed,
}

/// <summary>
/// The document <c>broadcasts/{requestId}</c>: what the broadcaster knows of one signed transaction, so that any
/// instance, after any restart, continues tracking where the last one stopped. Written only in Firestore transactions
/// conditional on the version read (<see cref="BroadcastStore"/>).
/// </summary>
public sealed record BroadcastRecord
{
    public required string RequestId { get; init; }

    public required string WalletId { get; init; }

    public required ulong ChainId { get; init; }

    public required ulong Nonce { get; init; }

    /// <summary>0x + 64 hex.</summary>
    public required string TransactionHash { get; init; }

    /// <summary>0x-hex of the signed transaction, resubmitted after a reorg.</summary>
    public required string RawTransaction { get; init; }

    /// <summary>
    /// The request's earlier transactions at the same nonce, replaced by fee replacements and still tracked: whichever
    /// of them or <see cref="TransactionHash"/> is mined wins (it becomes <see cref="TransactionHash"/>), the others are dropped.
    /// </summary>
    public IReadOnlyList<EarlierTransaction> Earlier { get; init; } = [];

    /// <summary>The policy the request was decided under (its fee cap bounds a replacement); null when the record has none.</summary>
    public string? PolicyId { get; init; }

    public required BroadcastStatus Status { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>The inclusion block while <see cref="BroadcastStatus.Mined"/> (and at the end).</summary>
    public ulong? BlockNumber { get; init; }

    public string? BlockHash { get; init; }

    /// <summary>How often a receipt seen was reorganised away or moved to another block.</summary>
    public int Reorgs { get; init; }

    /// <summary>Replacements requested so far, and when the last one was.</summary>
    public int Replacements { get; init; }

    public DateTimeOffset? LastReplacementAt { get; init; }

    /// <summary>Why it failed (node refusal or revert reason), for operators.</summary>
    public string? Note { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public bool IsTracked => Status is BroadcastStatus.Pending or BroadcastStatus.Mined;

    /// <summary>Every transaction of the request at its nonce, the current one first.</summary>
    public IEnumerable<EarlierTransaction> All => [new(TransactionHash, RawTransaction), .. Earlier];

    /// <summary>True when <paramref name="hash"/> is the current transaction or one it replaced.</summary>
    public bool Holds(string hash) => All.Any(t => string.Equals(t.TransactionHash, hash, StringComparison.OrdinalIgnoreCase));

    /// <summary>A fee replacement takes over: it is the current transaction, every earlier one still tracked.</summary>
    public BroadcastRecord Replaced(string hash, string raw) => this with { TransactionHash = hash.ToLowerInvariant(), RawTransaction = raw, Earlier = [.. All] };

    /// <summary>
    /// <paramref name="hash"/> (one of <see cref="All"/>) becomes the current transaction, the others earlier ones:
    /// a replacement taking over, or an earlier transaction found mined.
    /// </summary>
    public BroadcastRecord WithCurrent(string hash, string raw) => string.Equals(hash, TransactionHash, StringComparison.OrdinalIgnoreCase)
        ? this
        : this with
        {
            TransactionHash = hash.ToLowerInvariant(), RawTransaction = raw,
            Earlier = [.. All.Where(t => !string.Equals(t.TransactionHash, hash, StringComparison.OrdinalIgnoreCase))],
        };
}

/// <summary>A signed transaction of the request (hash and raw bytes as 0x hex).</summary>
public sealed record EarlierTransaction(string TransactionHash, string RawTransaction);
