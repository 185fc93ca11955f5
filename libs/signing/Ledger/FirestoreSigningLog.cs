using System.Globalization;
using Custody.Domain.Policies;
using Custody.Domain.Signing;
using Custody.Ethereum;
using Custody.Gcp.Firestore;

namespace Custody.Signing.Ledger;

/// <summary>
/// A party's <see cref="ISigningLog"/> on Firestore (docs/signing.md "Signing log"):
/// <c>signingLogs/{party}/wallets/{walletId}/nonces/{chainId}-{nonce}</c>, one document per slot, shared by every
/// replica of the party. Each operation reads the slot and writes it in one Firestore transaction, so two replicas
/// racing on one nonce are serialized: the second sees what the first committed and the rule decides again
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

    public Task<SigningRefusal?> RecordAsync(SigningAttempt attempt, FeeCap cap, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(cap);
        var path = PathOf(attempt.WalletId, attempt.ChainId, attempt.Nonce);
        return _database.RunTransactionAsync<SigningRefusal?>(async (tx, token) =>
        {
            var existing = await tx.GetAsync(path, SigningLogMapper.Instance, token).ConfigureAwait(false);
            var (outcome, refusal) = SigningLogRule.Decide(existing?.Value, attempt, cap);
            switch (outcome)
            {
                case SigningLogRule.Outcome.Record:
                    tx.Create(path, new SigningLogEntry(attempt, now, 0, null), SigningLogMapper.Instance);
                    break;
                case SigningLogRule.Outcome.Replace:
                    tx.Update(path, new SigningLogEntry(attempt, now, existing!.Value.Replacements + 1, existing.Value.ContributedAt), SigningLogMapper.Instance, existing.UpdateTime);
                    break;
                case SigningLogRule.Outcome.Supersede:
                    tx.Update(path, new SigningLogEntry(attempt, now, existing!.Value.Replacements, null), SigningLogMapper.Instance, existing.UpdateTime);
                    break;
            }

            return refusal;
        }, ct: ct);
    }

    public Task<bool> MarkContributedAsync(string walletId, ulong chainId, ulong nonce, Bytes32 signingHash, DateTimeOffset now, CancellationToken ct)
    {
        var path = PathOf(walletId, chainId, nonce);
        return _database.RunTransactionAsync(async (tx, token) =>
        {
            var existing = await tx.GetAsync(path, SigningLogMapper.Instance, token).ConfigureAwait(false);
            if (existing is null || existing.Value.Attempt.SigningHash != signingHash)
            {
                return false;
            }

            if (!existing.Value.Contributed)
            {
                tx.Patch(path, new FieldMap { ["contributedAt"] = FieldValue.Timestamp(now) }, existing.UpdateTime);
            }

            return true;
        }, ct: ct);
    }

    public async Task<SigningLogEntry?> GetAsync(string walletId, ulong chainId, ulong nonce, CancellationToken ct) =>
        (await _database.GetAsync(PathOf(walletId, chainId, nonce), SigningLogMapper.Instance, ct).ConfigureAwait(false))?.Value;

    private DocumentPath PathOf(string walletId, ulong chainId, ulong nonce)
    {
        DocumentPath.ValidateSegment(walletId);
        return _root.Child(WalletsCollection, walletId)
            .Child(NoncesCollection, $"{chainId.ToString(CultureInfo.InvariantCulture)}-{nonce.ToString(CultureInfo.InvariantCulture)}");
    }
}
