using System.Globalization;
using Custody.Domain.Policies;
using Custody.Domain.Signing;
using Custody.Ethereum;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;

namespace Custody.Signing.Ledger;

/// <summary>
/// A party's <see cref="ISigningLog"/> on Firestore (docs/signing.md "Signing log"):
/// <c>signingLogs/{party}/wallets/{walletId}/nonces/{chainId}-{nonce}</c>, one document per slot, shared by every
/// replica of the party. Each operation reads the slot and writes it in one atomic commit conditioned on the version
/// read (an optimistic update, or a transaction when the audit entry commits with it), so two replicas racing on one
/// nonce are serialized: the loser's commit fails, it reads what the winner committed and the rule decides again
/// (<see cref="SigningLogRule"/>). Each party uses its own database, so no other operator can write its log.
/// </summary>
public sealed class FirestoreSigningLog : ISigningLog
{
    public const string Collection = "signingLogs";
    public const string WalletsCollection = "wallets";
    public const string NoncesCollection = "nonces";

    private readonly FirestoreDatabase _database;
    private readonly DocumentPath _root;

    /// <param name="party">The party's name (e.g. <c>cosigner-a</c>).</param>
    public FirestoreSigningLog(FirestoreDatabase database, string party)
    {
        ArgumentNullException.ThrowIfNull(database);
        DocumentPath.ValidateSegment(party);
        _database = database;
        _root = DocumentPath.Of(Collection, party);
    }

    /// <summary>One optimistic read-modify-write of the slot: one read, one conditional commit (none on a refusal).</summary>
    public Task<SigningRefusal?> RecordAsync(SigningAttempt attempt, FeeCap cap, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(cap);
        var path = PathOf(attempt.WalletId, attempt.ChainId, attempt.Nonce);
        return _database.RunOptimisticAsync([path], (read, writes) =>
        {
            var (next, refusal) = Next(Entry(read[0]), attempt, cap, now);
            if (next is not null)
            {
                writes.Put(path, SigningLogMapper.Instance.ToFields(next));
            }

            return refusal;
        }, ct: ct);
    }

    /// <summary>
    /// <see cref="RecordAsync"/> and the audit entry of its outcome (<paramref name="entryFor"/>: null is admitted,
    /// else the refusal) in ONE Firestore commit: the slot and the audit chain's head are read together (one
    /// BatchGet), then the slot's write and the entry commit or neither does (docs/signing.md "What a co-signer
    /// checks"). <paramref name="audit"/> must be on this log's database; an entry for another request than the
    /// attempt's is still appended correctly, at the cost of one more read.
    /// </summary>
    public Task<SigningRefusal?> RecordAuditedAsync(
        SigningAttempt attempt, FeeCap cap, DateTimeOffset now, AuditLog audit, Func<SigningRefusal?, AuditRecord> entryFor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(cap);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(entryFor);
        var path = PathOf(attempt.WalletId, attempt.ChainId, attempt.Nonce);
        return _database.RunTransactionAsync<SigningRefusal?>(async (tx, token) =>
        {
            await tx.PrefetchAsync([path, audit.HeadPathFor(attempt.RequestId)], token).ConfigureAwait(false);
            var existing = await tx.GetAsync(path, SigningLogMapper.Instance, token).ConfigureAwait(false);
            var (next, refusal) = Next(existing?.Value, attempt, cap, now);
            if (next is not null && existing is null)
            {
                tx.Create(path, next, SigningLogMapper.Instance);
            }
            else if (next is not null)
            {
                tx.Update(path, next, SigningLogMapper.Instance, existing!.UpdateTime);
            }

            await audit.AppendAsync(tx, entryFor(refusal), token).ConfigureAwait(false);
            return refusal;
        }, ct: ct);
    }

    /// <summary>One optimistic read-modify-write of the slot: one read, and a conditional commit unless already marked.</summary>
    public Task<bool> MarkContributedAsync(string walletId, ulong chainId, ulong nonce, Bytes32 signingHash, DateTimeOffset now, CancellationToken ct)
    {
        var path = PathOf(walletId, chainId, nonce);
        return _database.RunOptimisticAsync([path], (read, writes) =>
        {
            var existing = Entry(read[0]);
            if (existing is null || existing.Attempt.SigningHash != signingHash)
            {
                return false;
            }

            if (!existing.Contributed)
            {
                writes.Put(path, SigningLogMapper.Instance.ToFields(existing with { ContributedAt = now }));
            }

            return true;
        }, ct: ct);
    }

    // The rule's decision as the entry to write (null: write nothing) and the refusal, if any.
    private static (SigningLogEntry? Next, SigningRefusal? Refusal) Next(SigningLogEntry? existing, SigningAttempt attempt, FeeCap cap, DateTimeOffset now)
    {
        var (outcome, refusal) = SigningLogRule.Decide(existing, attempt, cap);
        return outcome switch
        {
            SigningLogRule.Outcome.Record => (new SigningLogEntry(attempt, now, 0, null), refusal),
            SigningLogRule.Outcome.Replace => (new SigningLogEntry(attempt, now, existing!.Replacements + 1, existing.ContributedAt), refusal),
            SigningLogRule.Outcome.Supersede => (new SigningLogEntry(attempt, now, existing!.Replacements, null), refusal),
            _ => (null, refusal),
        };
    }

    private static SigningLogEntry? Entry(DocumentSnapshot<FieldMap>? raw) => raw is null ? null : SigningLogMapper.Instance.FromFields(raw.Value);

    public async Task<SigningLogEntry?> GetAsync(string walletId, ulong chainId, ulong nonce, CancellationToken ct) =>
        (await _database.GetAsync(PathOf(walletId, chainId, nonce), SigningLogMapper.Instance, ct).ConfigureAwait(false))?.Value;

    private DocumentPath PathOf(string walletId, ulong chainId, ulong nonce)
    {
        DocumentPath.ValidateSegment(walletId);
        return _root.Child(WalletsCollection, walletId)
            .Child(NoncesCollection, $"{chainId.ToString(CultureInfo.InvariantCulture)}-{nonce.ToString(CultureInfo.InvariantCulture)}");
    }
}
